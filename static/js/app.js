// Small progressive enhancements. Every page works without this file.
"use strict";

// A field shown only while another field has a given value (coxlease.forms.reveal).
function revealDependentFields() {
  for (const control of document.querySelectorAll("[data-reveals]")) {
    const targets = control.dataset.reveals.split(" ").map((id) => document.getElementById(id));
    const update = () => {
      for (const target of targets) {
        // A field with an error stays in sight.
        if (target) target.hidden = control.value !== control.dataset.revealWhen
          && !target.querySelector(".is-invalid");
      }
    };
    control.addEventListener("change", update);
    update();
  }
}

// Boxes that depend on the kind of contact chosen in the same form (records.forms).
function followKindOfContact() {
  for (const field of document.querySelectorAll("[data-hidden-for], [data-shown-for]")) {
    const form = field.form;
    const wrapper = document.getElementById(`div_${field.id}`) || field;
    const update = () => {
      const chosen = form.querySelector("input[name=contact_type]:checked");
      const kind = chosen ? chosen.value : "";
      const hiddenFor = (field.dataset.hiddenFor || "").split(" ");
      const shownFor = field.dataset.shownFor ? field.dataset.shownFor.split(" ") : null;
      // A box kept for what the rule's preview allows (content only where it is monitored).
      const needs = field.dataset.shownWhen;
      const unwanted =
        hiddenFor.includes(kind) ||
        (shownFor !== null && !shownFor.includes(kind)) ||
        (needs !== undefined && !document.querySelector(needs));
      // A box with something in it, or an error on it, stays in sight.
      wrapper.hidden = unwanted && !field.value && !wrapper.querySelector(".is-invalid");
    };
    form.addEventListener("change", update);
    document.body.addEventListener("htmx:afterSwap", update);
    update();
  }
}

// A search box that narrows a list of checkboxes as you type.
function filterCheckboxesAsYouType() {
  for (const box of document.querySelectorAll("[data-filters]")) {
    const list = document.querySelector(box.dataset.filters);
    if (!list) continue;
    box.closest("[hidden]")?.removeAttribute("hidden");
    box.addEventListener("input", () => {
      const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      for (const option of list.querySelectorAll(".form-check")) {
        const text = option.textContent.toLowerCase();
        option.hidden = !words.every((word) => text.includes(word));
      }
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  revealDependentFields();
  followKindOfContact();
  filterCheckboxesAsYouType();
});
