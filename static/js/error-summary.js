/* The error summary (templates/includes/error_summary.html): after a refused submit, move
   the focus to the list of problems, so a keyboard or screen-reader user hears what went
   wrong first; each link then moves the focus to its field (a plain #anchor would only
   scroll). No inline script: the CSP stays strict. */
(function () {
  "use strict";

  function focusField(event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    // Scroll to the field's group, so its label or legend shows above it.
    var group = field.closest("fieldset") || field.closest(".mb-3") || field;
    group.scrollIntoView({block: "start"});
    field.focus({preventScroll: true});
  }

  function setUp() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.addEventListener("click", focusField);
    summary.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
