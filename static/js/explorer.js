// Story explorer (templates/components/explorer*.html). Progressive enhancement only: without
// this file the form's button submits it and the page opens at the results (#results).
// With it, a change of filter applies by itself, shortly after the last change: the explorer
// is fetched again with the new query and swapped in place, the focus stays on the control
// that changed, and the number of stories found is announced in a polite live region. The
// removal links ("chips") and "Clear filters" work the same way and then move to the results.
// On wide screens the filters' disclosure is opened (CSS already shows it where it can).
// Other parts of the explorer are swapped with it; scripts of theirs listen for
// "explorer:updated" on the .explorer element.
(function () {
  "use strict";
  var root = document.querySelector(".explorer");
  if (!root || root.hasAttribute("data-explorer-enhanced") || !window.fetch || !window.DOMParser) {
    return;
  }
  root.setAttribute("data-explorer-enhanced", "");

  var APPLY_DELAY_MS = 450;
  var wide = window.matchMedia("(min-width: 60rem)");
  var timer = null;
  var controller = null;

  // The live region exists before anything changes (screen readers watch it from then on),
  // outside the part that is swapped.
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("data-explorer-status", "");
  root.after(status);

  function openOnWideScreens() {
    var disclosure = root.querySelector("[data-explorer-disclosure]");
    if (disclosure && wide.matches) {
      disclosure.open = true;
    }
  }

  function resultsHeading() {
    return root.querySelector(".explorer-results__title");
  }

  function formUrl(form) {
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") {
        query.append(name, value);
      }
    });
    var url = new URL(form.action, window.location.href);
    url.search = query.toString();
    url.hash = "";
    return url.href;
  }

  // What to focus again once the controls are new: a checkbox by its name and value, other
  // controls by their id.
  function focusSelector(element) {
    if (!element || !root.contains(element)) {
      return null;
    }
    if (element.type === "checkbox" && element.name) {
      return 'input[name="' + CSS.escape(element.name) + '"][value="' + CSS.escape(element.value) + '"]';
    }
    return element.id ? "#" + CSS.escape(element.id) : null;
  }

  function announce() {
    var heading = resultsHeading();
    var text = heading ? heading.textContent.replace(/\s+/g, " ").trim() : "";
    // Emptied first, so that the same count twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 100);
  }

  function swap(doc) {
    var fresh = doc.querySelector(".explorer");
    if (!fresh) {
      return false;
    }
    var selector = focusSelector(document.activeElement);
    var name = selector && document.activeElement.name;
    var oldDisclosure = root.querySelector("[data-explorer-disclosure]");
    var freshDisclosure = fresh.querySelector("[data-explorer-disclosure]");
    if (oldDisclosure && freshDisclosure) {
      freshDisclosure.open = oldDisclosure.open;
    }
    var scrolled = Array.prototype.map.call(
      root.querySelectorAll(".explorer-filters__options"),
      function (list) { return list.scrollTop; }
    );
    root.replaceChildren.apply(root, Array.prototype.slice.call(fresh.childNodes));
    root.querySelectorAll(".explorer-filters__options").forEach(function (list, index) {
      list.scrollTop = scrolled[index] || 0;
    });
    // The language switcher carries the filters over to the other language.
    var switcher = document.querySelector(".language-switcher");
    var freshSwitcher = doc.querySelector(".language-switcher");
    if (switcher && freshSwitcher) {
      switcher.replaceWith(freshSwitcher);
    }
    if (selector) {
      // A value ticked off may leave the list (a place without stories): its group's first
      // box, or the form's button, takes the focus instead.
      var target = root.querySelector(selector) ||
        (name && root.querySelector('[data-explorer-form] [name="' + CSS.escape(name) + '"]')) ||
        root.querySelector("[data-explorer-form] [type=submit]");
      if (target) {
        target.focus({ preventScroll: true });
      }
    }
    root.dispatchEvent(new CustomEvent("explorer:updated", { bubbles: true }));
    return true;
  }

  function apply(url, thenShowResults) {
    window.clearTimeout(timer);
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    root.setAttribute("aria-busy", "true");
    fetch(url, { signal: controller.signal, headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        if (!swap(doc)) {
          throw new Error("no explorer in the answer");
        }
        root.removeAttribute("aria-busy");
        window.history.replaceState(null, "", url);
        announce();
        if (thenShowResults) {
          var heading = resultsHeading();
          heading.scrollIntoView({ block: "start" });
          heading.focus({ preventScroll: true });
        }
      })
      .catch(function (error) {
        if (error.name === "AbortError") {
          return;
        }
        // Whatever went wrong, the plain page still works.
        window.location.assign(url + "#results");
      });
  }

  root.addEventListener("change", function (event) {
    var form = event.target.form;
    if (!form || !form.hasAttribute("data-explorer-form")) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      apply(formUrl(form), false);
    }, APPLY_DELAY_MS);
  });

  root.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-explorer-link]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    var url = new URL(link.href);
    url.hash = "";
    apply(url.href, true);
  });

  // The button submits the form as without this file (the page opens at the results); a
  // change still waiting is dropped.
  root.addEventListener("submit", function () {
    window.clearTimeout(timer);
  });

  openOnWideScreens();
  wide.addEventListener("change", openOnWideScreens);
})();
