// After htmx swaps in a changed row, keyboard and screen-reader users land on what changed.
document.addEventListener("htmx:afterSettle", function () {
  var row = document.querySelector("[data-changed]");
  if (!row) { return; }
  row.removeAttribute("data-changed");
  var status = row.querySelector(".status");
  if (status) { status.focus(); }
});
