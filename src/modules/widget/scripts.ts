/**
 * The two small scripts of the widget, kept as text and served under fixed addresses (a comune's
 * site copies `/widget.js` once and keeps it), not through the hashed static files. Neither is
 * needed: the plain `<iframe>` works without them, at a fixed height.
 */

/**
 * `/widget.js`, for the embedding site: puts the iframe in place of the script tag, with the
 * filters of its `data-` attributes, and follows the height the frame reports, so the list never
 * scrolls inside a box. Only messages from the frame it made, from Ponte's origin, are read.
 */
export const EMBED_SCRIPT = `(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var base = new URL(script.src).origin;
  var params = new URLSearchParams();
  ['organisation', 'programme', 'comune', 'audience', 'lang'].forEach(function (name) {
    var value = script.getAttribute('data-' + name);
    if (value) params.set(name, value);
  });
  var frame = document.createElement('iframe');
  frame.src = base + '/widget/eventi?' + params.toString();
  frame.title = script.getAttribute('data-title') || 'Eventi';
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.height = '600px';
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener('message', function (event) {
    if (event.origin !== base || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.ponteWidget !== 'height' || typeof data.height !== 'number') return;
    frame.style.height = Math.min(Math.max(Math.ceil(data.height), 100), 20000) + 'px';
  });
})();
`;

/** `/widget/frame.js`, inside the frame: tells the embedding page how tall the list is. */
export const FRAME_SCRIPT = `(function () {
  'use strict';
  if (window.parent === window) return;
  var last = 0;
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ ponteWidget: 'height', height: height }, '*');
  }
  window.addEventListener('load', send);
  window.addEventListener('resize', send);
  if (window.ResizeObserver) new ResizeObserver(send).observe(document.body);
})();
`;
