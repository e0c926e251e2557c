// The table editor: 类/款 rows and the total are sums of the rows below them (by code prefix),
// recalculated in whole cents as the user types; the edited table is checked on the server
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
  var computed = rows.filter(function (r) { return r.querySelector("input.computed"); });
  computed.sort(function (a, b) {  // deepest first, the total last
    var la = a.dataset.code.length || 0, lb = b.dataset.code.length || 0;
    return lb - la;
  });

  function recalc() {
    computed.forEach(function (row) {
      row.querySelectorAll("input.computed").forEach(function (input) {
        var col = input.dataset.col, sum = 0, any = false;
        children(row).forEach(function (child) {
          var cell = child.querySelector('input[data-col="' + col + '"]');
          var v = cell ? cents(cell.value) : null;
          if (v !== null) { sum += v; any = true; }
        });
        input.value = any ? text(sum) : "";
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
    input.classList.toggle("invalid", input.value.trim() !== "" && cents(input.value) === null);
    recalc();
    clearTimeout(timer);
    timer = setTimeout(preview, 500);
  });
  recalc();
  preview();
})();
