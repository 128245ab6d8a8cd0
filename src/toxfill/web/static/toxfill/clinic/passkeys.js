// Passkeys: ask the browser to make one (the Two-factor sign-in page) or to use one (the
// second step of signing in). The server sends WebAuthn's JSON options; the browser parses
// them and serializes its answer (PublicKeyCredential.parse...FromJSON, credential.toJSON).
(function () {
  "use strict";

  function csrf(box) {
    return box.querySelector("input[name=csrfmiddlewaretoken]").value;
  }

  function post(box, url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(box) },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () {
        return { error: "The server did not answer as expected (" + response.status + ")." };
      }).then(function (data) {
        if (!response.ok) { throw new Error(data.error || "Refused (" + response.status + ")."); }
        return data;
      });
    });
  }

  function show(box, message) {
    var problem = box.querySelector(".passkey-problem");
    problem.textContent = message;
    problem.hidden = false;
  }

  function explain(error) {
    if (error && error.name === "NotAllowedError") {
      return "The passkey was not used: it was cancelled or took too long. Try again.";
    }
    if (error && error.name === "InvalidStateError") {
      return "This device already holds a passkey for your account.";
    }
    return (error && error.message) || "The passkey did not work. Try again.";
  }

  function add(box) {
    var name = box.querySelector(".passkey-name").value;
    return post(box, box.dataset.options).then(function (data) {
      var options = PublicKeyCredential.parseCreationOptionsFromJSON(data.publicKey);
      return navigator.credentials.create({ publicKey: options });
    }).then(function (credential) {
      return post(box, box.dataset.add, { name: name, credential: credential.toJSON() });
    });
  }

  function signIn(box) {
    return post(box, box.dataset.options).then(function (data) {
      var options = PublicKeyCredential.parseRequestOptionsFromJSON(data.publicKey);
      return navigator.credentials.get({ publicKey: options });
    }).then(function (credential) {
      return post(box, box.dataset.answer, credential.toJSON());
    });
  }

  var supported = window.PublicKeyCredential &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function";

  document.querySelectorAll(".passkey-add, .passkey-sign-in").forEach(function (box) {
    var button = box.querySelector(".passkey-go");
    if (!supported) {
      button.disabled = true;
      show(box, "This browser cannot use passkeys. Use an authenticator app or another browser.");
      return;
    }
    button.addEventListener("click", function () {
      button.disabled = true;
      var step = box.classList.contains("passkey-add") ? add : signIn;
      step(box).then(function (data) {
        window.location.assign(data.next);
      }).catch(function (error) {
        button.disabled = false;
        show(box, explain(error));
      });
    });
  });
})();
