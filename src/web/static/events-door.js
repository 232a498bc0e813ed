/*
 * The QR scanner of the check-in page, a progressive enhancement: where the browser has
 * BarcodeDetector and a camera, a "Scansiona il QR" button reads the ticket's QR code, fills the
 * code field and sends the form. Without it nothing changes: the typed code always works.
 */
(() => {
  const box = document.getElementById('door-scanner');
  const input = document.getElementById('f-code');
  if (!box || !input?.form) return;
  if (!('BarcodeDetector' in window) || !navigator.mediaDevices?.getUserMedia) return;
  const KEY = 'ponte-door-scan';
  let stream = null;
  let timer = null;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'btn btn-outline-primary mt-3';
  button.textContent = box.dataset.label || 'Scansiona il QR';
  const video = document.createElement('video');
  video.setAttribute('playsinline', '');
  video.setAttribute('aria-hidden', 'true');
  video.muted = true;
  video.hidden = true;
  box.append(button, video);

  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stream) for (const track of stream.getTracks()) track.stop();
    stream = null;
    video.hidden = true;
    button.textContent = box.dataset.label || 'Scansiona il QR';
  };

  const start = async () => {
    let detector;
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (!formats.includes('qr_code')) return;
      detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch {
      sessionStorage.removeItem(KEY);
      stop();
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    button.textContent = box.dataset.stop || 'Ferma la fotocamera';
    await video.play().catch(() => undefined);
    const look = async () => {
      if (!stream) return;
      try {
        const codes = await detector.detect(video);
        const text = codes.length ? String(codes[0].rawValue || '') : '';
        if (text) {
          input.value = text;
          // The page comes back after the check-in: keep scanning there.
          sessionStorage.setItem(KEY, '1');
          stop();
          input.form.submit();
          return;
        }
      } catch {
        // A frame that could not be read: try the next one.
      }
      timer = setTimeout(look, 250);
    };
    look();
  };

  button.addEventListener('click', () => {
    if (stream) {
      sessionStorage.removeItem(KEY);
      stop();
    } else {
      start();
    }
  });
  box.hidden = false;
  if (sessionStorage.getItem(KEY) === '1') start();
})();
