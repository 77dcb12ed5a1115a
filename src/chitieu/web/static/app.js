// chitieu: small behaviours on top of server-rendered pages (works without them too).
(function () {
  "use strict";

  function viNumber(x) {
    if (x === null || x === undefined) return "—";
    return Number(x).toLocaleString("vi-VN", { maximumFractionDigits: 2 });
  }

  function drawHistory() {
    var canvas = document.getElementById("history");
    var data = document.getElementById("history-data");
    if (!canvas || !data || typeof window.Chart === "undefined") return;
    var d = JSON.parse(data.textContent);
    var unit = canvas.dataset.unit || "";
    var band = d.low.some(function (v, i) { return v !== d.high[i]; });
    var datasets = [
      { label: "Thực hiện", data: d.actual, borderColor: "#1f5fa8", backgroundColor: "#1f5fa8", spanGaps: true, tension: 0.2 },
    ];
    if (band) {
      datasets.push({ label: "Chỉ tiêu (cận dưới)", data: d.low, borderColor: "#b26b00", borderDash: [6, 4], pointStyle: "rectRot", fill: false });
      datasets.push({ label: "Chỉ tiêu (cận trên)", data: d.high, borderColor: "#b26b00", borderDash: [6, 4], pointStyle: "rectRot", backgroundColor: "rgba(178,107,0,0.12)", fill: "-1" });
    } else {
      datasets.push({ label: "Chỉ tiêu", data: d.low, borderColor: "#b26b00", borderDash: [6, 4], pointStyle: "rectRot" });
    }
    if (d.projection && d.projection.some(function (v) { return v !== null; })) {
      datasets.push({ label: "Dự báo theo tốc độ hiện nay", data: d.projection, borderColor: "#5f6368", borderDash: [2, 3], pointStyle: "triangle", spanGaps: true });
    }
    new window.Chart(canvas, {
      type: "line",
      data: { labels: d.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { ticks: { callback: function (v) { return viNumber(v); } }, title: { display: !!unit, text: unit } } },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + viNumber(c.parsed.y) + " " + unit; } } } }
      }
    });
  }

  function wireNav() {
    // The site navigation: a list of links, always there without JavaScript; on narrow
    // screens the toggle (a disclosure button) shows and hides it.
    var toggle = document.querySelector("nav.site .nav-toggle");
    var list = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!toggle || !list) return;
    function set(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    set(false);
    toggle.hidden = false;
    toggle.addEventListener("click", function () { set(toggle.getAttribute("aria-expanded") !== "true"); });
    toggle.parentElement.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && toggle.getAttribute("aria-expanded") === "true" && toggle.offsetParent !== null) {
        set(false);
        toggle.focus();
      }
    });
  }

  function wire() {
    document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () {
        // a list that depends on this one (the period number on the kind) starts again at its first entry
        var reset = el.dataset.reset && el.form.elements[el.dataset.reset];
        if (reset) { reset.selectedIndex = -1; reset.disabled = true; }
        el.form.submit();
      });
    });
    document.querySelectorAll("[data-check-all]").forEach(function (box) {
      box.addEventListener("change", function () {
        document.querySelectorAll('input[name="' + box.dataset.checkAll + '"]').forEach(function (b) { b.checked = box.checked; });
      });
    });
    wireNav();
    drawHistory();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire); else wire();
})();
