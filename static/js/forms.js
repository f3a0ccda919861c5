/* Small form behaviours, with no inline script (the CSP forbids it).

   data-show-if="NAME=VALUE" on a field shows its form group only while the input NAME
   (a radio group or select) has VALUE. Without JavaScript every field shows, and the
   server ignores a field that does not apply. */
(function () {
  "use strict";

  function group(field) {
    return field.closest(".mb-3") || field.parentElement;
  }

  function current(form, name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    if (checked) {
      return checked.value;
    }
    var select = form.querySelector('select[name="' + name + '"]');
    return select ? select.value : "";
  }

  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (field) {
      var rule = field.dataset.showIf.split("=");
      group(field).hidden = current(form, rule[0]) !== rule[1];
    });
  }

  function setUp() {
    document.querySelectorAll("form").forEach(function (form) {
      if (!form.querySelector("[data-show-if]")) {
        return;
      }
      form.addEventListener("change", function () { update(form); });
      update(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
