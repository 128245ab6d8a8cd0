// The planner's "today" is the visitor's: the server only knows UTC, so the field and the
// sentence that says which date is taken as today follow the device's date. Without this
// script the page still works, and says it took the server's date. The words come from the
// page (data-months, data-device), in the page's language.
(function () {
  "use strict";
  function two(n) { return (n < 10 ? "0" : "") + n; }
  document.addEventListener("DOMContentLoaded", function () {
    var note = document.getElementById("today-note");
    var field = document.getElementById("id_start");
    if (!note || !field) { return; }
    var now = new Date();
    var iso = now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
    if (field.value === note.getAttribute("data-server-today")) { field.value = iso; }
    var months = (note.getAttribute("data-months") || "").split(",");
    var spanish = document.documentElement.lang === "es";
    var month = months[now.getMonth()] || "";
    document.getElementById("today-date").textContent = spanish
      ? now.getDate() + " de " + month + " de " + now.getFullYear()
      : now.getDate() + " " + month + " " + now.getFullYear();
    document.getElementById("today-source").textContent = note.getAttribute("data-device");
  });
})();
