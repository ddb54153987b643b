// Small progressive enhancements. Every page works without this file.
"use strict";

// A field shown only while another field has a given value (coxlease.forms.reveal).
function revealDependentFields() {
  for (const control of document.querySelectorAll("[data-reveals]")) {
    const target = document.getElementById(control.dataset.reveals);
    if (!target) continue;
    const update = () => { target.hidden = control.value !== control.dataset.revealWhen; };
    control.addEventListener("change", update);
    update();
  }
}

document.addEventListener("DOMContentLoaded", revealDependentFields);
