// The desk booking form's 5-minute hold (WCAG 2.2.1): a minute before it ends, and when it has
// ended, the page says so in its alert region. The seconds left come from the server, so a wrong
// clock on the phone does not matter. Without JavaScript the page states the deadline instead.
(() => {
  const notice = document.getElementById('hold-notice');
  const live = document.getElementById('hold-warning');
  if (!notice || !live) return;
  const left = Number(notice.dataset.seconds) * 1000;
  if (!Number.isFinite(left)) return;
  const say = (text) => {
    live.textContent = text;
    live.classList.add('alert', 'alert-warning');
  };
  setTimeout(() => say(live.dataset.warn), Math.max(0, left - 60_000));
  setTimeout(() => say(live.dataset.expired), left);
})();
