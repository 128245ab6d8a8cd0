// The planner's "today" is the visitor's: the server only knows UTC, so the field and the
// sentence that says which date is taken as today follow the device's date. Without this
// script the page still works, and says it took the server's date.
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  function two(n) { return (n < 10 ? "0" : "") + n; }
  document.addEventListener("DOMContentLoaded", function () {
    var note = document.getElementById("today-note");
    var field = document.getElementById("id_start");
    if (!note || !field) { return; }
    var now = new Date();
    var iso = now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
    if (field.value === note.getAttribute("data-server-today")) { field.value = iso; }
    document.getElementById("today-date").textContent =
      now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear();
    document.getElementById("today-source").textContent = "the date on your device";
  });
})();
