// Charting: a tap on the drawing adds a point where it lies, its zone the one drawn nearest on
// that view (as the server checks: toxfill.knowledge.body_map.nearest_zone); the list adds
// points by zone, at the zone's place. Each point is drawn with its dose, coloured by product,
// its label placed so none overlaps (the steps of toxfill.render.map_labels). Running totals,
// a scanned label picks the lot, units per 0.1 mL as vial and diluent are typed. The form
// works without this script (blank rows, server-side scan and checks).
(function () {
  "use strict";
  var form = document.getElementById("chart-form");
  if (!form) { return; }
  var SVG = "http://www.w3.org/2000/svg";
  var PALETTE = ["#0b5cad", "#a34a00", "#6a3d9a", "#1b7837", "#a50026", "#4d4d4d"];
  var rows = document.getElementById("rows");
  var template = document.getElementById("row-template");
  var totals = document.getElementById("totals");
  var lot = document.getElementById("lot");
  var addButton = document.getElementById("add-point");
  var legend = document.getElementById("map-legend");
  var mapData = JSON.parse(document.getElementById("map-zones").textContent);
  var views = {};
  mapData.views.forEach(function (v) { views[v.id] = v; });
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

  function field(row, name) { return row.querySelector("[name=" + name + "]"); }

  // --- where a point lies ---------------------------------------------------------------
  function nearestZone(view, x, y) {
    var best = null;
    views[view].zones.forEach(function (z) {
      var d = (z[1] - x) * (z[1] - x) + (z[2] - y) * (z[2] - y);
      if (best === null || d < best[0]) { best = [d, z[0]]; }
    });
    return best ? best[1] : "";
  }

  function setPlace(row, view, x, y) {
    field(row, "point_view").value = view;
    field(row, "point_x").value = x.toFixed(2);
    field(row, "point_y").value = y.toFixed(2);
  }

  // --- labels that never overlap: toxfill/render/map_labels.py, step for step ---------------
  var DIRECTIONS = [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [-1, -1], [1, 1], [-1, 1]];
  var RINGS = 6, CHAR = 1.7, LINE = 3.4, RADIUS = 1.6;
  function r2(n) { return Math.round(n * 100) / 100; }
  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }
  function placeLabels(marks, width, height) {
    var points = marks.map(function (m) { return { x: m.x - RADIUS, y: m.y - RADIUS, w: 2 * RADIUS, h: 2 * RADIUS }; });
    var taken = [], placed = [], ox = 1, oy = height + 1;
    marks.forEach(function (m) {
      var w = Math.max(1, m.text.length) * CHAR, box = null;
      for (var ring = 0; ring < RINGS && !box; ring++) {
        var gap = RADIUS + 0.4 + ring * LINE;
        for (var i = 0; i < DIRECTIONS.length && !box; i++) {
          var dx = DIRECTIONS[i][0], dy = DIRECTIONS[i][1];
          var left = dx > 0 ? m.x + gap : dx < 0 ? m.x - gap - w : m.x - w / 2;
          var top = dy > 0 ? m.y + gap : dy < 0 ? m.y - gap - LINE : m.y - LINE / 2;
          var c = { x: r2(left), y: r2(top), w: w, h: LINE };
          if (c.x < 0 || c.y < 0 || c.x + c.w > width || c.y + c.h > height) { continue; }
          if (taken.some(function (t) { return overlaps(c, t); })) { continue; }
          if (points.some(function (p) { return overlaps(c, p); })) { continue; }
          box = c;
        }
      }
      if (!box) {
        if (ox + w > width) { ox = 1; oy += LINE + 0.6; }
        box = { x: ox, y: oy, w: w, h: LINE };
        ox += w + 2 * CHAR;
      }
      taken.push(box);
      placed.push(box);
    });
    var bottom = height;
    placed.forEach(function (b) { bottom = Math.max(bottom, b.y + b.h + 1); });
    return { boxes: placed, height: bottom };
  }

  function svgElement(name, attributes) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (k) { element.setAttribute(k, attributes[k]); });
    return element;
  }

  var drawn = "";
  function drawMarks(charted, colours) {
    // Redrawn only when a point changed: a tap's press must land on what is still there.
    var signature = JSON.stringify([charted, colours]);
    if (signature === drawn) { return; }
    drawn = signature;
    document.querySelectorAll("svg.tap").forEach(function (svg) {
      var view = views[svg.getAttribute("data-view")];
      var layer = svg.querySelector(".marks");
      layer.textContent = "";
      var mine = charted.filter(function (p) { return p.view === view.id; });
      var marks = mine.map(function (p) { return { x: p.x, y: r2(p.y * view.stretch), text: p.text }; });
      var layout = placeLabels(marks, 100, view.height);
      svg.setAttribute("viewBox", "0 0 100 " + r2(layout.height));
      marks.forEach(function (m, i) {
        var box = layout.boxes[i], colour = colours[mine[i].product];
        var group = svgElement("g", { "class": "mark" });
        var title = svgElement("title", {});
        title.textContent = "Point " + mine[i].number + ": " + mine[i].title;
        group.appendChild(title);
        var baseline = r2(box.y + box.h * 0.8);
        var near = Math.abs(box.x + box.w / 2 - m.x) < 12 && Math.abs(box.y + box.h / 2 - m.y) < 12;
        if (!near) {
          group.appendChild(svgElement("line", { "class": "leader", x1: m.x, y1: m.y, x2: box.x, y2: baseline, stroke: colour }));
        }
        group.appendChild(svgElement("circle", { cx: m.x, cy: m.y, r: RADIUS, fill: colour }));
        var text = svgElement("text", { x: box.x, y: baseline, fill: colour });
        text.textContent = m.text;
        group.appendChild(text);
        layer.appendChild(group);
      });
    });
  }

  // --- the list, the totals and the drawing, from the rows ----------------------------------
  function update() {
    var products = {};  // product -> {unit, total, count, zones: {zone: dose}}
    var colours = {}, order = [], charted = [];
    rows.querySelectorAll("tr").forEach(function (row, index) {
      var number = index + 1;
      row.querySelector(".point-number").textContent = number;
      row.querySelectorAll("label, button.remove .visually-hidden").forEach(function (label) {
        label.textContent = label.textContent.replace(/point(\s+\d+)?/, "point " + number);
      });
      var zone = field(row, "zone").value;
      var doseText = field(row, "dose").value.trim();
      var dose = parseFloat(doseText);
      var option = lotOption(row);
      var unit = option ? option.getAttribute("data-unit") || "" : "";
      row.querySelector(".unit").textContent = unit;
      if (!zone || !option) { return; }
      var product = option.getAttribute("data-product") || "";
      if (!colours.hasOwnProperty(product)) {
        colours[product] = PALETTE[order.length % PALETTE.length];
        order.push([option.getAttribute("data-label") || product, colours[product]]);
      }
      var view = field(row, "point_view").value;
      if (view && views[view]) {
        charted.push({
          number: number, view: view, product: product,
          x: parseFloat(field(row, "point_x").value), y: parseFloat(field(row, "point_y").value),
          text: isNaN(dose) ? "?" : r2(dose) + " " + unit,
          title: labelOf(zone) + ", " + (option.getAttribute("data-label") || product) + (isNaN(dose) ? "" : ", " + r2(dose) + " " + unit)
        });
      }
      if (isNaN(dose)) { return; }
      var sum = products[product] || (products[product] = {
        label: option.getAttribute("data-label") || product, unit: unit, total: 0, count: 0, zones: {}
      });
      sum.zones[zone] = (sum.zones[zone] || 0) + dose;
      sum.total += dose;
      sum.count += 1;
    });
    drawMarks(charted, colours);
    legend.textContent = "";
    order.forEach(function (entry, i) {
      var swatch = svgElement("svg", { "class": "swatch", viewBox: "0 0 10 10", "aria-hidden": "true" });
      swatch.appendChild(svgElement("circle", { cx: 5, cy: 5, r: 4, fill: entry[1] }));
      legend.appendChild(swatch);
      legend.appendChild(document.createTextNode(" " + entry[0] + (i < order.length - 1 ? " · " : "")));
    });
    totals.innerHTML = Object.keys(products).map(function (product) {
      var sum = products[product];
      var parts = Object.keys(sum.zones).map(function (zone) {
        return "<li>" + escapeHtml(labelOf(zone)) + ": " + r2(sum.zones[zone]) + " " + escapeHtml(sum.unit) + "</li>";
      });
      return "<p><strong>Total " + escapeHtml(sum.label) + ": " + r2(sum.total) + " " + escapeHtml(sum.unit) +
        "</strong> in " + sum.count + " point" + (sum.count === 1 ? "" : "s") + "</p><ul>" + parts.join("") + "</ul>";
    }).join("");
  }

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
      var value = field(all[i], "dose").value;
      if (value && option && option.getAttribute("data-product") === product) { return value; }
    }
    return "";
  }

  // Focus without the jump: the map stays where it is, and the list scrolls only as far as
  // the new row needs.
  function focusQuietly(element) {
    element.focus({ preventScroll: true });
    var box = element.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) { element.scrollIntoView({ block: "nearest" }); }
  }

  function addRow(zone, place, dose, lotValue) {
    var row = template.content.firstElementChild.cloneNode(true);
    row.removeAttribute("data-blank");
    counter += 1;
    row.querySelectorAll("[id]").forEach(function (element) {
      element.id = element.id.replace(/-new$/, "-n" + counter);
    });
    row.querySelectorAll("label[for]").forEach(function (label) {
      label.setAttribute("for", label.getAttribute("for").replace(/-new$/, "-n" + counter));
    });
    row.querySelector("button.remove").hidden = false;
    var input = field(row, "dose");
    var own = lotValue || (lot && lot.value);
    if (own) { field(row, "point_lot").value = own; }  // the point keeps the lot it was charted with
    if (zone) {
      field(row, "zone").value = zone;
      var at = place || mapData.main[zone];
      if (at) { setPlace(row, at[0], at[1], at[2]); }
      input.value = dose !== undefined ? dose : lastDose();  // the previous dose, editable
    }
    rows.appendChild(row);
    update();
    if (dose === undefined) {
      focusQuietly(zone ? input : field(row, "zone"));
      if (zone && input.value) { input.select(); }
    }
    return row;
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
    addButton.focus({ preventScroll: true });
  });
  rows.addEventListener("input", update);
  rows.addEventListener("change", function (event) {
    // A zone picked in the list moves the point to that zone's place.
    if (event.target.name === "zone") {
      var row = event.target.closest("tr");
      var at = mapData.main[event.target.value];
      if (at) { setPlace(row, at[0], at[1], at[2]); } else { setPlace(row, "", 0, 0); field(row, "point_view").value = ""; }
    }
    update();
  });
  if (lot) { lot.addEventListener("change", function () { update(); mixing(); }); }

  // --- the drawing: tap to place, one view at a time ---------------------------------------
  var tabs = document.querySelector(".map-tabs");
  function show(view) {
    document.querySelectorAll(".bodymap .view").forEach(function (v) {
      v.hidden = v.getAttribute("data-view") !== view;
    });
    tabs.querySelectorAll("button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-show") === view ? "true" : "false");
    });
  }
  tabs.hidden = false;
  tabs.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-show]");
    if (button) { show(button.getAttribute("data-show")); }
  });
  show(mapData.views[0].id);

  document.querySelectorAll("svg.tap").forEach(function (svg) {
    svg.addEventListener("click", function (event) {
      var view = views[svg.getAttribute("data-view")];
      var matrix = svg.getScreenCTM();
      if (!matrix) { return; }
      var at = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
      var x = Math.min(100, Math.max(0, at.x)), y = Math.min(100, Math.max(0, at.y / view.stretch));
      addRow(nearestZone(view.id, x, y), [view.id, x, y]);
    });
  });

  // --- a treatment template's points in one tap ----------------------------------------------
  var templates = JSON.parse(document.getElementById("template-points").textContent);
  var templateStatus = document.getElementById("template-status");
  function lotFor(product) {
    var picked = lot && lot.selectedOptions[0];
    if (picked && picked.getAttribute("data-product") === product) { return picked.value; }
    var options = lot ? lot.querySelectorAll("option") : [];
    for (var i = 0; i < options.length; i++) {
      if (options[i].getAttribute("data-product") === product) { return options[i].value; }
    }
    return "";
  }
  document.querySelectorAll("button[data-template]").forEach(function (button) {
    button.type = "button";  // added here, without sending the form
    button.addEventListener("click", function () {
      var template = templates[button.getAttribute("data-template")];
      var lotValue = lotFor(template.product);
      if (!lotValue) {
        templateStatus.textContent = "Not added: no usable lot of this product. Receive one first.";
        return;
      }
      template.points.forEach(function (p) {
        addRow(p.zone, [p.view, parseFloat(p.x), parseFloat(p.y)], p.dose, lotValue);
      });
      templateStatus.textContent = "Added " + template.points.length + " points: " + button.textContent.replace(/^Add /, "") + ".";
    });
  });

  // --- units per 0.1 mL as vial and diluent are typed (the core's reconstitution) ----------
  var vial = document.getElementById("vial_units");
  var diluent = document.getElementById("diluent_ml");
  var mixingResult = document.getElementById("mixing-result");
  var mixingTimer = null;
  function toxinLot() {
    var picked = lot && lot.selectedOptions[0];
    if (picked && picked.getAttribute("data-unit") === "U") { return picked.value; }
    var found = "";
    rows.querySelectorAll("tr").forEach(function (row) {
      var option = lotOption(row);
      if (!found && option && option.getAttribute("data-unit") === "U") { found = option.value; }
    });
    return found;
  }
  function mixing() {
    if (!vial.value.trim() || !diluent.value.trim()) { mixingResult.textContent = ""; return; }
    var url = form.getAttribute("data-mixing-url") + "?lot=" + encodeURIComponent(toxinLot()) +
      "&vial_units=" + encodeURIComponent(vial.value) + "&diluent_ml=" + encodeURIComponent(diluent.value);
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.json();
    }).then(function (body) {
      mixingResult.textContent = body.text || body.error;
      mixingResult.classList.toggle("error", !body.text);
    });
  }
  [vial, diluent].forEach(function (input) {
    input.addEventListener("input", function () {
      clearTimeout(mixingTimer);
      mixingTimer = setTimeout(mixing, 250);
    });
  });

  // --- "use the same reason for all" ---------------------------------------------------------
  var useForAll = document.getElementById("use-for-all");
  if (useForAll) {
    useForAll.hidden = false;
    useForAll.addEventListener("click", function () {
      var reason = document.getElementById("reason_all").value;
      document.querySelectorAll("#findings textarea.reason").forEach(function (box) { box.value = reason; });
    });
  }

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
