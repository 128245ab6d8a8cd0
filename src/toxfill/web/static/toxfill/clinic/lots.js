// Receiving a lot: a scanned GS1 label (the scanner ends it with Enter) fills in the lot,
// expiry, serial and GTIN, and picks the product when the GTIN is one product's. The form
// works without this script: receiving reads the label on the server either way.
(function () {
  "use strict";
  var form = document.getElementById("receive-form");
  var barcode = document.getElementById("barcode");
  var status = document.getElementById("barcode-status");
  if (!form || !barcode || !status) { return; }
  function fill(id, value) {
    var field = document.getElementById(id);
    if (field && value) { field.value = value; }
  }
  barcode.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") { return; }
    event.preventDefault();
    var url = form.getAttribute("data-read-url") + "?barcode=" + encodeURIComponent(barcode.value);
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.json();
    }).then(function (body) {
      if (body.error) {
        status.textContent = "Not read: " + body.error;
        return;
      }
      fill("lot_number", body.lot);
      fill("expires_on", body.expires_on);
      fill("serial", body.serial);
      fill("gtin", body.gtin);
      var product = document.getElementById("product");
      if (body.products.length === 1) { product.value = body.products[0]; }
      var picked = product.value ? product.options[product.selectedIndex].text : "no product: pick one";
      status.textContent = "Read: lot " + (body.lot || "none") + ", expires " +
        (body.expires_on || "not given") + ", " + picked + ".";
    });
  });
})();
