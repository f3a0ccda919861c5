/* The plan editor's "Add a goal" and "Add a milestone", with no inline script (the CSP
   forbids it).

   Each add button (data-add-row="PREFIX") clones the empty card kept in
   <template id="PREFIX-empty-row"> (the formset's empty_form), numbers its fields with the
   formset's next index, counts it in PREFIX-TOTAL_FORMS and moves focus to its first
   field. "Remove this new ..." takes a card not yet saved back: it ticks the card's hidden
   DELETE, so the server skips it, and hides it.

   Without JavaScript each add button posts the form, and the page comes back with one
   more card and nothing saved (programs.views.plans.plan_edit). With it the buttons stop
   being submit buttons, so Enter in a field saves the plan, as it would in any form. */
(function () {
  "use strict";

  function management(form, prefix, name) {
    return form.querySelector('input[name="' + prefix + "-" + name + '"]');
  }

  function refresh(form, prefix) {
    var button = form.querySelector('[data-add-row="' + prefix + '"]');
    var total = parseInt(management(form, prefix, "TOTAL_FORMS").value, 10);
    var limit = parseInt(management(form, prefix, "MAX_NUM_FORMS").value, 10);
    button.disabled = total >= limit;
  }

  function add(form, prefix) {
    var total = management(form, prefix, "TOTAL_FORMS");
    var index = parseInt(total.value, 10);
    if (index >= parseInt(management(form, prefix, "MAX_NUM_FORMS").value, 10)) {
      return;
    }
    var template = document.getElementById(prefix + "-empty-row");
    var card = template.content.firstElementChild.cloneNode(true);
    card.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
        var value = el.getAttribute(attribute);
        if (value) {
          el.setAttribute(attribute, value.replace(/__prefix__/g, String(index)));
        }
      });
    });
    var rows = document.getElementById(prefix + "-rows");
    var empty = rows.querySelector("[data-no-rows]");
    if (empty) {
      empty.hidden = true;
    }
    rows.appendChild(card);
    total.value = String(index + 1);
    showRemove(card);
    refresh(form, prefix);
    var first = card.querySelector("select, textarea, input:not([type=hidden])");
    if (first) {
      first.focus();
    }
  }

  function showRemove(card) {
    var remove = card.querySelector("[data-remove-row]");
    if (remove) {
      remove.hidden = false;
    }
  }

  function remove(form, button) {
    var card = button.closest("[data-new-row]");
    card.querySelector("[data-delete]").value = "on";
    card.hidden = true;
    var prefix = card.closest(".plan-rows").id.replace(/-rows$/, "");
    form.querySelector('[data-add-row="' + prefix + '"]').focus();
  }

  function setUp(form) {
    form.querySelectorAll("[data-add-row]").forEach(function (button) {
      button.type = "button";
      button.addEventListener("click", function () { add(form, button.dataset.addRow); });
      refresh(form, button.dataset.addRow);
    });
    form.querySelectorAll("[data-new-row]").forEach(showRemove);
    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-row]");
      if (button) {
        remove(form, button);
      }
    });
  }

  function setUpAll() {
    document.querySelectorAll("form.plan-edit").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
