// The table editor: a change to a row is carried up to its 款, 类 and the total (by code
// prefix), in whole cents, as the user types; the edited table is checked on the server
// (nothing saved) a moment after typing stops, and its findings are listed.
(function () {
  "use strict";
  var form = document.getElementById("table-editor");
  if (!form) { return; }

  function cents(text) {
    var t = (text || "").replace(/,/g, "").trim();
    if (!/^-?\d+(\.\d{1,2})?$/.test(t)) { return null; }
    var negative = t.charAt(0) === "-";
    if (negative) { t = t.slice(1); }
    var parts = t.split(".");
    var value = Number(parts[0]) * 100 + Number(((parts[1] || "") + "00").slice(0, 2));
    return negative ? -value : value;
  }
  function text(value) {
    var negative = value < 0;
    var v = Math.abs(value);
    var s = Math.floor(v / 100) + "." + String(v % 100).padStart(2, "0");
    return negative ? "-" + s : s;
  }

  var rows = Array.prototype.slice.call(form.querySelectorAll("tbody tr"));
  function children(row) {
    var code = row.dataset.code;
    if (!code) {  // the total: every 类
      return rows.filter(function (r) { return r.dataset.code.length === 3; });
    }
    return rows.filter(function (r) {
      return r.dataset.code.length === code.length + 2 && r.dataset.code.indexOf(code) === 0;
    });
  }
  var sums = rows.filter(function (r) { return r.querySelector("input.computed"); });
  sums.sort(function (a, b) {  // deepest first, the total (no code) last
    return (b.dataset.code.length || 0) - (a.dataset.code.length || 0);
  });

  // A sum the user has not typed keeps its printed value plus the changes of the rows
  // directly below it, so printed totals nobody touched stay as printed (as on the server).
  function change(input) {
    var now = cents(input.value), was = cents(input.defaultValue);
    return (now === null ? 0 : now) - (was === null ? 0 : was);
  }
  function recalc() {
    sums.forEach(function (row) {
      row.querySelectorAll("input.computed").forEach(function (input) {
        if (input.dataset.typed) { return; }
        var col = input.dataset.col, delta = 0;
        children(row).forEach(function (child) {
          var cell = child.querySelector('input[data-col="' + col + '"]');
          if (cell) { delta += change(cell); }
        });
        if (delta === 0) { input.value = input.defaultValue; return; }
        var base = cents(input.defaultValue);
        input.value = text((base === null ? 0 : base) + delta);
      });
    });
  }

  var status = document.getElementById("preview-status");
  var summary = document.getElementById("live-summary");
  var list = document.getElementById("live-findings");
  var timer = null;
  function preview() {
    status.textContent = "正在审核……";
    fetch(form.dataset.preview, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { status.textContent = res.body.detail || "无法审核，请检查输入。"; return; }
        var s = res.body.summary;
        summary.textContent = "错误 " + s.error + "　警告 " + s.warning + "　提示 " + s.info;
        list.textContent = "";
        res.body.findings.forEach(function (f) {
          var li = document.createElement("li");
          li.textContent = f.severity + " " + f.rule + "：" + f.message + "（" + f.location + "）";
          li.className = "sev-" + f.severity;
          list.appendChild(li);
        });
        status.textContent = "已按当前输入审核（未保存）";
      })
      .catch(function () { status.textContent = "审核请求失败，请稍后重试。"; });
  }

  form.addEventListener("input", function (event) {
    var input = event.target;
    if (input.dataset.col === undefined) { return; }
    input.dataset.typed = "1";
    input.classList.toggle("invalid", input.value.trim() !== "" && cents(input.value) === null);
    recalc();
    clearTimeout(timer);
    timer = setTimeout(preview, 500);
  });
  recalc();
  preview();
})();
