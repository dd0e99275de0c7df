// Progressive enhancement only: every core flow works without this file.
// Passkeys (WebAuthn) need the browser's API, so their buttons appear only when it exists.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector('input[name="__RequestVerificationToken"]');
    return input ? input.value : "";
  }

  async function postForJson(url, form) {
    var response = await fetch(url, {
      method: "POST",
      headers: { "X-CSRF-TOKEN": csrfToken(form) },
      body: new FormData(form),
      credentials: "same-origin"
    });
    if (!response.ok) throw new Error("Servern svarade " + response.status);
    return await response.text();
  }

  function show(el, message) {
    if (!el) return;
    el.textContent = message;
    el.hidden = false;
  }

  var supported = window.PublicKeyCredential &&
    typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function" &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function";

  document.addEventListener("DOMContentLoaded", function () {
    if (!supported) return;

    var signIn = document.querySelector("[data-passkey-signin]");
    if (signIn) {
      signIn.hidden = false;
      var form = document.getElementById("passkey-signin-form");
      var error = document.getElementById("passkey-error");
      document.getElementById("passkey-signin-button").addEventListener("click", async function () {
        try {
          var json = await postForJson("?handler=PasskeyOptions", form);
          var options = PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(json));
          var credential = await navigator.credentials.get({ publicKey: options });
          document.getElementById("passkey-credential").value = JSON.stringify(credential);
          form.submit();
        } catch (e) {
          show(error, "Inloggningen med nyckel avbröts eller misslyckades. Försök igen eller använd e-postlänk.");
        }
      });
    }

    var register = document.querySelector("[data-passkey-register]");
    if (register) {
      register.hidden = false;
      var registerError = document.getElementById("passkey-register-error");
      document.getElementById("passkey-register-button").addEventListener("click", async function () {
        try {
          var json = await postForJson("?handler=PasskeyOptions", register);
          var options = PublicKeyCredential.parseCreationOptionsFromJSON(JSON.parse(json));
          var credential = await navigator.credentials.create({ publicKey: options });
          document.getElementById("passkey-register-credential").value = JSON.stringify(credential);
          register.submit();
        } catch (e) {
          show(registerError, "Nyckeln skapades inte. Försök igen.");
        }
      });
    }
  });
})();

// A form with data-confirm asks before it is sent (erasing, ending). Without this file it is sent directly,
// and the page it leads to says what happened.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();
