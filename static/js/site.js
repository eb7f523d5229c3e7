// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.querySelectorAll("[data-needs-script]").forEach(function (item) {
    item.hidden = false;
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
  document.querySelectorAll("[data-copy-link]").forEach(function (button) {
    if (!navigator.clipboard) {
      button.closest("li").hidden = true;
      return;
    }
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copyLink).then(function () {
        var status = document.querySelector("[data-copy-status]");
        if (status) {
          status.textContent = button.dataset.copiedText;
        }
      });
    });
  });
})();
