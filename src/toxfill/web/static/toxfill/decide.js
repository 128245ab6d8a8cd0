// Small enhancements for the decision aid; every page works without them.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
