// huzhu console: the sign-in token from the link's fragment, confirmations, and the charts.
"use strict";
(function () {
  var token = document.getElementById("token");
  if (token) {
    var m = /[#&]t=([A-Za-z0-9_-]+)/.exec(window.location.hash);
    if (m) token.value = m[1];
    // the token leaves the address bar at once (history, screenshots, shoulder surfing)
    history.replaceState(null, "", window.location.pathname);
  }
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.getAttribute("data-confirm"))) ev.preventDefault();
    });
  });
  if (typeof Chart === "undefined") return;
  var colours = ["#2f7ed8", "#e4572e", "#17a589", "#f3a712", "#8e44ad", "#7f8c8d", "#c0392b", "#2c3e50"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = JSON.parse(canvas.getAttribute("data-chart"));
    var datasets = spec.series.map(function (s, i) {
      var colour = colours[i % colours.length];
      var ds = { label: s.label, data: s.data, backgroundColor: colour, borderColor: colour };
      if (s.line || spec.type === "line") {
        ds.type = "line"; ds.fill = false; ds.pointRadius = 2; ds.tension = 0.2;
        if (s.line) { ds.borderDash = [6, 4]; ds.pointRadius = 0; }
      }
      if (spec.stacked) ds.stack = "all";
      return ds;
    });
    new Chart(canvas, {
      type: spec.type === "line" ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom" }, tooltip: { enabled: true } },
        scales: {
          x: { stacked: !!spec.stacked },
          y: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
    canvas.setAttribute("data-drawn", "1");
  });
})();
