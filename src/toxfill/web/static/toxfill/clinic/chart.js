// Charting: zones on the map add points to the list, each with the lot picked above; running
// totals per product and zone; a scanned label picks the lot. The form works without this
// script (blank rows, server-side scan and checks).
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

  // A row's lot option: its own pick, or the lot above when it has none.
  function lotOption(row) {
    var own = row.querySelector("select[name=point_lot]");
    var option = own && own.value ? own.selectedOptions[0] : null;
    return option || (lot && lot.selectedOptions[0]) || null;
  }

  function labelOf(zone) {
    var select = template.content.querySelector("select[name=zone]");
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) { return select.options[i].text; }
    }
    return zone;
  }

  function update() {
    var products = {};  // product -> {unit, total, count, zones: {zone: dose}}
    var used = {};
    rows.querySelectorAll("tr").forEach(function (row) {
      var zone = row.querySelector("select[name=zone]").value;
      var dose = parseFloat(row.querySelector("input[name=dose]").value);
      var option = lotOption(row);
      var unit = option ? option.getAttribute("data-unit") || "" : "";
      row.querySelector(".unit").textContent = unit;
      if (!zone || isNaN(dose) || !option) { return; }
      var product = option.getAttribute("data-product") || "";
      var sum = products[product] || (products[product] = {
        label: option.getAttribute("data-label") || product, unit: unit, total: 0, count: 0, zones: {}
      });
      sum.zones[zone] = (sum.zones[zone] || 0) + dose;
      sum.total += dose;
      sum.count += 1;
      used[zone] = true;
    });
    document.querySelectorAll(".bodymap .zone").forEach(function (g) {
      g.classList.toggle("used", used.hasOwnProperty(g.getAttribute("data-zone")));
    });
    totals.innerHTML = Object.keys(products).map(function (product) {
      var sum = products[product];
      var parts = Object.keys(sum.zones).map(function (zone) {
        return "<li>" + escapeHtml(labelOf(zone)) + ": " + round(sum.zones[zone]) + " " + escapeHtml(sum.unit) + "</li>";
      });
      return "<p><strong>Total " + escapeHtml(sum.label) + ": " + round(sum.total) + " " + escapeHtml(sum.unit) +
        "</strong> in " + sum.count + " point" + (sum.count === 1 ? "" : "s") + "</p><ul>" + parts.join("") + "</ul>";
    }).join("");
  }

  function round(n) { return Math.round(n * 100) / 100; }
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  // The previous dose of the same product: a filler's mL is no guess for a toxin's units.
  function lastDose() {
    var product = lot && lot.selectedOptions[0] ? lot.selectedOptions[0].getAttribute("data-product") : "";
    var all = rows.querySelectorAll("tr");
    for (var i = all.length - 1; i >= 0; i--) {
      var option = lotOption(all[i]);
      var value = all[i].querySelector("input[name=dose]").value;
      if (value && option && option.getAttribute("data-product") === product) { return value; }
    }
    return "";
  }

  function addRow(zone) {
    var row = template.content.firstElementChild.cloneNode(true);
    counter += 1;
    var select = row.querySelector("select[name=zone]");
    var lotSelect = row.querySelector("select[name=point_lot]");
    var input = row.querySelector("input[name=dose]");
    var labels = row.querySelectorAll("label");
    var number = rows.children.length + 1;
    select.id = "zone-n" + counter;
    lotSelect.id = "lot-n" + counter;
    input.id = "dose-n" + counter;
    labels[0].setAttribute("for", select.id);
    labels[0].textContent = "Zone of point " + number;
    labels[1].setAttribute("for", lotSelect.id);
    labels[1].textContent = "Lot of point " + number;
    labels[2].setAttribute("for", input.id);
    labels[2].textContent = "Dose of point " + number;
    if (lot && lot.value) { lotSelect.value = lot.value; }  // the point keeps the lot it was charted with
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
