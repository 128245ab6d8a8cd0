// Small enhancements for the decision aid; every page works without them.
(function () {
  "use strict";

  // A link to something folded away (a citation, "Why", "What to expect") opens its folds.
  function reveal(id) {
    var target = id && document.getElementById(id);
    if (!target) { return; }
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") { el.open = true; }
    }
    target.querySelectorAll(":scope > details").forEach(function (d) { d.open = true; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }

    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[href^="#"]');
      if (link) { reveal(decodeURIComponent(link.getAttribute("href").slice(1))); }
    });
    window.addEventListener("hashchange", function () { reveal(location.hash.slice(1)); });
    if (location.hash) { reveal(decodeURIComponent(location.hash.slice(1))); }

    // Printed, the summary is whole: open every fold, and close again those the person had shut.
    var shut = [];
    window.addEventListener("beforeprint", function () {
      shut = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
      shut.forEach(function (d) { d.open = true; });
    });
    window.addEventListener("afterprint", function () {
      shut.forEach(function (d) { d.open = false; });
      shut = [];
    });

    // Step 2: once a question is answered, the one tap says what it does: no to the rest.
    var none = document.querySelector(".none-button");
    if (none) {
      document.querySelector("#group-health").addEventListener("change", function () {
        none.textContent = "No to the rest: next";
      });
    }
  });
})();
