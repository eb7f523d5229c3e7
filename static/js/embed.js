// The embeddable card inside a WordPress post. WordPress frames cards of other sites in a
// sandbox where a link cannot open a tab, and sizes them only when asked. With its embed
// messages (the same the WordPress host script reads) the card asks for its own height and
// lets the host page follow "Read on...". Without WordPress's secret nothing changes.
(function () {
  "use strict";
  var match = /secret=([A-Za-z0-9]+)/.exec(window.location.hash);
  if (!match || window.parent === window) {
    return;
  }
  var secret = match[1];

  function send(message, value) {
    window.parent.postMessage({ message: message, value: value, secret: secret }, "*");
  }

  // Sent whenever the card's height changes, never as 0: a frame not laid out yet (its
  // stylesheet still loading under a busy host) would otherwise be collapsed by the host.
  var sentHeight = 0;
  function sendHeight() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height > 0 && height !== sentHeight) {
      sentHeight = height;
      send("height", height);
    }
  }

  // Only a sandbox without its own origin (WordPress's) keeps links from opening.
  var sandboxed = window.origin === "null";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (link && sandboxed) {
      event.preventDefault();
      send("link", link.href);
    }
  });
  if ("ResizeObserver" in window) {
    // Called once at the start, then at every change (fonts, images, a new width).
    new ResizeObserver(sendHeight).observe(document.documentElement);
  } else {
    window.addEventListener("load", sendHeight);
    window.addEventListener("resize", sendHeight);
    sendHeight();
  }
})();
