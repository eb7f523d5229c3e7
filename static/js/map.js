// The territory maps (templates/components/territory_map.html). Progressive enhancement: a
// tap or click on a marker shows the place's name, kind and number of stories, with its
// link, in the panel under the map, instead of leaving the page at once; moving through
// the markers with the keyboard shows them too, and Enter follows the link as before.
// Without this file every marker is a plain link, and the list beside the map names them.
// The explorer's map is swapped with the explorer when a filter changes (explorer.js): the
// new one is set up on "explorer:updated".
(function () {
  "use strict";
  function setUp(map) {
    if (map.dataset.mapReady) {
      return;
    }
    map.dataset.mapReady = "true";
    var panel = map.querySelector("[data-map-panel]");
    var hint = map.querySelector("[data-map-hint]");
    var place = map.querySelector("[data-map-place]");
    var link = map.querySelector("[data-map-link]");
    var details = map.querySelector("[data-map-details]");
    if (!panel || !place || !link || !details) {
      return;
    }
    panel.hidden = false;
    var current = null;

    function show(marker) {
      if (current) {
        current.classList.remove("is-current");
      }
      current = marker;
      marker.classList.add("is-current");
      link.textContent = marker.dataset.name;
      link.setAttribute("href", marker.getAttribute("href"));
      details.textContent = marker.dataset.details;
      if (hint) {
        hint.hidden = true;
      }
      place.hidden = false;
    }

    map.querySelectorAll(".territory-map__marker").forEach(function (marker) {
      marker.addEventListener("click", function (event) {
        // A click from the keyboard (Enter) has no pointer: follow the link.
        if (event.detail === 0) {
          return;
        }
        event.preventDefault();
        show(marker);
      });
      marker.addEventListener("focus", function () {
        if (marker.matches(":focus-visible")) {
          show(marker);
        }
      });
    });
  }

  function setUpAll() {
    document.querySelectorAll("[data-territory-map]").forEach(setUp);
  }

  setUpAll();
  document.addEventListener("explorer:updated", setUpAll);
})();
