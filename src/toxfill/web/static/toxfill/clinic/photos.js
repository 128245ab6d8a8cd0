// Photos: the camera with a faint overlay of the last photo at the chosen angle; the shot is
// put into the form's file input, so saving is the same as choosing a file.
(function () {
  "use strict";
  var start = document.getElementById("start-camera");
  var take = document.getElementById("take");
  var box = document.getElementById("camera");
  var video = document.getElementById("video");
  var input = document.getElementById("photo");
  var angle = document.getElementById("angle");
  if (!start || !navigator.mediaDevices || !window.DataTransfer) { return; }
  start.hidden = false;

  function ghost() {
    document.querySelectorAll("#camera .ghost").forEach(function (img) {
      img.hidden = img.getAttribute("data-angle") !== angle.value;
    });
  }

  angle.addEventListener("change", ghost);
  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      box.hidden = false;
      take.hidden = false;
      ghost();
      take.focus();
    }).catch(function () {
      start.hidden = true;  // no camera: the file input stays
    });
  });
  take.addEventListener("click", function () {
    var canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext("2d").drawImage(video, 0, 0);
    canvas.toBlob(function (blob) {
      var files = new DataTransfer();
      files.items.add(new File([blob], "camera.jpg", { type: "image/jpeg" }));
      input.files = files.files;
      input.focus();
    }, "image/jpeg", 0.92);
  });
})();
