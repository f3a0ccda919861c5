/* Draws every <canvas data-chart="ID"> from the Chart.js spec in the json_script element ID.
   The page always carries the same figures as a table or text for screen readers; the
   chart is a picture of them. No inline script: the CSP stays strict. */
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var rows = parseInt(canvas.dataset.rows || "0", 10);
    if (rows > 0 && canvas.parentElement) {
      // One bar per row: the box grows with the data (set through the CSSOM, which the
      // CSP allows, unlike a style attribute).
      canvas.parentElement.style.height = (rows * 26 + 70) + "px";
    }
    spec.options = spec.options || {};
    spec.options.responsive = true;
    spec.options.maintainAspectRatio = false;
    spec.options.animation = false;
    new window.Chart(canvas, spec);
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
