// Charting: zones on the map add points to the list; running totals; a scanned label picks
// the lot. The form works without this script (blank rows, server-side scan and checks).
(function () {
  "use strict";
  var form = document.getElementById("chart-form");
  if (!form) { return; }
  var rows = document.getElementById("rows");
  var template = document.getElementById("row-template");
  var totals = document.getElementById("totals");
  var lot = document.getElementById("lot");
  var addButton = document.getElementById("add-point");
  var counter = 0;

  function unit() {
    var option = lot && lot.selectedOptions[0];
    return option ? option.getAttribute("data-unit") || "" : "";
  }

  function labelOf(zone) {
    var select = template.content.querySelector("select");
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) { return select.options[i].text; }
    }
    return zone;
  }

  function update() {
    var perZone = {};
    var total = 0;
    var count = 0;
    rows.querySelectorAll("tr").forEach(function (row) {
      var zone = row.querySelector("select").value;
      var dose = parseFloat(row.querySelector("input").value);
      row.querySelector(".unit").textContent = unit();
      if (!zone || isNaN(dose)) { return; }
      perZone[zone] = (perZone[zone] || 0) + dose;
      total += dose;
      count += 1;
    });
    document.querySelectorAll(".bodymap .zone").forEach(function (g) {
      g.classList.toggle("used", perZone.hasOwnProperty(g.getAttribute("data-zone")));
    });
    var product = lot && lot.selectedOptions[0] ? lot.selectedOptions[0].getAttribute("data-product") : "";
    var parts = Object.keys(perZone).map(function (zone) {
      return "<li>" + escapeHtml(labelOf(zone)) + ": " + round(perZone[zone]) + " " + unit() + "</li>";
    });
    totals.innerHTML = count ? "<p><strong>Total " + escapeHtml(product || "") + ": " + round(total) + " " +
      unit() + "</strong> in " + count + " point" + (count === 1 ? "" : "s") + "</p><ul>" + parts.join("") + "</ul>" : "";
  }

  function round(n) { return Math.round(n * 100) / 100; }
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function lastDose() {
    var inputs = rows.querySelectorAll("input[name=dose]");
    for (var i = inputs.length - 1; i >= 0; i--) {
      if (inputs[i].value) { return inputs[i].value; }
    }
    return "";
  }

  function addRow(zone) {
    var row = template.content.firstElementChild.cloneNode(true);
    counter += 1;
    var select = row.querySelector("select");
    var input = row.querySelector("input");
    var labels = row.querySelectorAll("label");
    select.id = "zone-n" + counter;
    input.id = "dose-n" + counter;
    labels[0].setAttribute("for", select.id);
    labels[0].textContent = "Zone of point " + (rows.children.length + 1);
    labels[1].setAttribute("for", input.id);
    labels[1].textContent = "Dose of point " + (rows.children.length + 1);
    if (zone) {
      select.value = zone;
      input.value = lastDose();  // the previous dose, visible and editable
    }
    rows.appendChild(row);
    update();
    (zone ? input : select).focus();
    if (zone && input.value) { input.select(); }
  }

  rows.querySelectorAll("tr[data-blank]").forEach(function (row) { row.remove(); });
  rows.querySelectorAll("button.remove").forEach(function (b) { b.hidden = false; });
  addButton.hidden = false;
  addButton.addEventListener("click", function () { addRow(""); });
  rows.addEventListener("click", function (event) {
    var button = event.target.closest("button.remove");
    if (!button) { return; }
    button.closest("tr").remove();
    update();
    addButton.focus();
  });
  rows.addEventListener("input", update);
  rows.addEventListener("change", update);
  if (lot) { lot.addEventListener("change", update); }

  document.querySelectorAll(".bodymap .zone").forEach(function (g) {
    g.addEventListener("click", function () { addRow(g.getAttribute("data-zone")); });
    g.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        addRow(g.getAttribute("data-zone"));
      }
    });
  });

  var scan = document.getElementById("scan");
  var status = document.getElementById("scan-status");
  if (scan) {
    scan.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      event.preventDefault();
      var url = form.getAttribute("data-scan-url") + "?barcode=" + encodeURIComponent(scan.value);
      fetch(url, { credentials: "same-origin" }).then(function (response) {
        return response.json();
      }).then(function (body) {
        if (body.lot) {
          lot.value = body.lot;
          scan.value = "";
          status.textContent = "Picked " + body.label + ".";
          update();
        } else {
          status.textContent = "Not picked: " + body.error;
        }
      });
    });
  }
  var findings = document.getElementById("findings");
  var problem = document.getElementById("problem");
  if (problem) { problem.focus(); } else if (findings) { findings.focus(); }
  update();
})();
