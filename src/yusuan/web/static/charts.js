// Draws every <div data-chart="id"> with the ECharts option in <script type="application/json"
// id="id">. Amounts arrive as exact decimal strings and become numbers here, only to draw.
(function () {
  "use strict";
  function numbers(series) {
    (series || []).forEach(function (s) {
      s.data = (s.data || []).map(function (d) {
        if (d !== null && typeof d === "object") { d.value = Number(d.value); return d; }
        return Number(d);
      });
    });
  }
  function draw() {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source || typeof echarts === "undefined") { return; }
      var option = JSON.parse(source.textContent);
      numbers(option.series);
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      window.addEventListener("resize", function () { chart.resize(); });
      el.setAttribute("data-drawn", "true");
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
