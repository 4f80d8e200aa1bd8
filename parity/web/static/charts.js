// Draw every chart of the page: <div data-figure="ID"> takes the plotly figure JSON in
// <script type="application/json" id="ID">. A chart with data-click-base opens
// data-click-base + the clicked point's first customdata value (an event id).
(function () {
  "use strict";
  if (typeof Plotly === "undefined") { return; }
  document.querySelectorAll("[data-figure]").forEach(function (el) {
    var source = document.getElementById(el.dataset.figure);
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    el.textContent = "";
    Plotly.newPlot(el, figure.data, figure.layout, {
      responsive: true,
      displaylogo: false,
      modeBarButtonsToRemove: ["select2d", "lasso2d"],
    }).then(function () {
      el.dataset.rendered = "true";
    });
    var base = el.dataset.clickBase;
    if (base) {
      el.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        var id = point && point.customdata && point.customdata[0];
        if (id) { window.location.href = base + encodeURIComponent(id); }
      });
    }
  });
})();
