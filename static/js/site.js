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

// Copy buttons of a report's permalinks and citation, and of the embed code of a story or
// report: each copies the text of the element named by data-copy-from (a text field's value
// as it is) and says so in its section's status line. Where the Clipboard API is missing
// (a page served over plain HTTP), a text field is selected and copied with execCommand;
// the button is hidden when neither can work, and the text stays selectable by hand.
(function () {
  "use strict";
  function isField(element) {
    return element.tagName === "TEXTAREA" || element.tagName === "INPUT";
  }
  function canExecCopy() {
    return typeof document.queryCommandSupported === "function" && document.queryCommandSupported("copy");
  }
  function copyField(field) {
    field.focus();
    field.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copyFrom);
    var fallback = source && isField(source) && canExecCopy();
    if (!source || (!navigator.clipboard && !fallback)) {
      (button.closest("li") || button).hidden = true;
      return;
    }
    var scope = button.closest("[data-copy-scope]") || document;
    var status = scope.querySelector("[data-copy-status]");
    button.addEventListener("click", function () {
      var text = isField(source) ? source.value : source.textContent.replace(/\s+/g, " ").trim();
      var copying = navigator.clipboard ? navigator.clipboard.writeText(text) : copyField(source);
      if (fallback && navigator.clipboard) {
        copying = copying.catch(function () {
          return copyField(source);
        });
      }
      copying.then(function () {
        if (status) {
          // Emptied first, so that a second copy is announced again.
          status.textContent = "";
          window.setTimeout(function () {
            status.textContent = status.dataset.copiedText || "";
          }, 50);
        }
      }, function () {});
    });
  });
})();
