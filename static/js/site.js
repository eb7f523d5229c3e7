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

// Copy buttons of a report's permalinks and citation: each copies the text of the element
// named by data-copy-from and says so in its section's status line.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copyFrom);
    if (!navigator.clipboard || !source) {
      (button.closest("li") || button).hidden = true;
      return;
    }
    var scope = button.closest("[data-copy-scope]") || document;
    var status = scope.querySelector("[data-copy-status]");
    button.addEventListener("click", function () {
      var text = source.textContent.replace(/\s+/g, " ").trim();
      navigator.clipboard.writeText(text).then(function () {
        if (status) {
          status.textContent = status.dataset.copiedText || "";
        }
      });
    });
  });
})();
