// Small enhancements for the decision aid; every page works without them.
(function () {
  "use strict";
  var words = ["doesn't matter", "matters a little", "matters quite a bit", "matters a lot"];
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });
    document.querySelectorAll('.range input[type="range"]').forEach(function (input) {
      var output = input.parentNode.querySelector("output");
      function show() {
        var text = input.value + " of 3: " + words[Number(input.value)];
        input.setAttribute("aria-valuetext", text);
        if (output) { output.hidden = false; output.textContent = "Your answer: " + text; }
      }
      input.addEventListener("input", show);
      show();
    });
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
