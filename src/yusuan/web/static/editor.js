// The table editor: a change to a row is carried up to its 款, 类 and the total (by code
// prefix), in whole cents, as the user types; the edited table is checked on the server
// (nothing saved) a moment after typing stops, and its findings are listed.
(function () {
  "use strict";
  var form = document.getElementById("table-editor");
  if (!form) { return; }

  // A typed amount read as the server reads it (yusuan.money.parse_typed): full-width digits
  // and punctuation, spaces and thousands separators dropped, a trailing 万元/万/元 converted
  // exactly into the table's unit (form data-unit), a dash or blank is nothing. Returns
  // {cents: integer or null} or {error: the Chinese reason}.
  var FULL = "０１２３４５６７８９．，－（）＋";
  var HALF = "0123456789.,-()+";
  var NUMBER = /^[-+]?(?:\d{1,2}(?:,\d{3}){6}|\d{1,3}(?:,\d{3}){1,5}|\d{1,20})(?:\.\d{1,10})?$/;
  var DASHES = ["-", "－", "—", "–", "——", "/"];
  var MAX_DIGITS = 15;  // as the server: 金额过大 past 15 digits
  var tableUnit = form.dataset.unit;
  function read(raw) {
    var t = "";
    for (var k = 0; k < (raw || "").length; k++) {
      var ch = raw.charAt(k), at = FULL.indexOf(ch);
      t += at >= 0 ? HALF.charAt(at) : ch;
    }
    t = t.replace(/[\s\u00a0\u2000-\u200b\u3000\u202f]+/g, "");
    if (t === "" || DASHES.indexOf(t) >= 0) { return { cents: null }; }
    var typed = null;
    [["万元", "万元"], ["万", "万元"], ["元", "元"]].some(function (s) {
      if (t.length > s[0].length && t.slice(-s[0].length) === s[0]) {
        t = t.slice(0, -s[0].length); typed = s[1]; return true;
      }
      return false;
    });
    var negative = t.charAt(0) === "(" && t.charAt(t.length - 1) === ")";
    if (negative) { t = t.slice(1, -1); }
    if (!NUMBER.test(t)) { return { error: "不是金额" }; }
    t = t.replace(/,/g, "");
    if (t.charAt(0) === "-") { negative = !negative; t = t.slice(1); }
    if (t.charAt(0) === "+") { t = t.slice(1); }
    var parts = t.split("."), whole = parts[0].replace(/^0+(?=\d)/, ""), frac = parts[1] || "";
    var shift = 0;  // decimal places moved by a unit conversion
    if (typed && typed !== tableUnit) { shift = typed === "万元" ? 4 : -4; }
    var digits = whole + frac, point = whole.length + shift;  // value = 0.digits × 10^point
    while (point > digits.length) { digits += "0"; }
    while (point < 0) { digits = "0" + digits; point += 1; }
    var intPart = digits.slice(0, point) || "0", fracPart = digits.slice(point).replace(/0+$/, "");
    if (fracPart.length > 2) {
      return { error: shift < 0 ? "换算为" + tableUnit + "后超过两位小数" : "最多两位小数" };
    }
    intPart = intPart.replace(/^0+(?=\d)/, "");
    // digits as the server counts them: as typed, or in cents after a conversion
    var counted = shift ? intPart + (fracPart + "00").slice(0, 2) : whole + frac;
    if (counted.replace(/^0+/, "").length > MAX_DIGITS) { return { error: "金额过大" }; }
    var value = Number(intPart) * 100 + Number((fracPart + "00").slice(0, 2));
    return { cents: negative ? -value : value };
  }
  function cents(text) {
    var r = read(text);
    return r.error ? null : r.cents;
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
    var r = read(input.value), was = cents(input.defaultValue);
    if (r.error) { return 0; }  // unreadable: blocks saving, moves no total
    return (r.cents === null ? 0 : r.cents) - (was === null ? 0 : was);
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

  // An unreadable cell is marked, its reason shown beside it, and saving is blocked.
  function mark(input) {
    var r = read(input.value), td = input.parentNode;
    var note = td.querySelector(".cell-error");
    input.classList.toggle("invalid", !!r.error);
    input.setAttribute("aria-invalid", r.error ? "true" : "false");
    if (r.error) {
      if (!note) {
        note = document.createElement("span");
        note.className = "cell-error";
        note.id = input.name + "-error";
        td.appendChild(note);
        input.setAttribute("aria-describedby", note.id);
      }
      note.textContent = "「" + input.value + "」" + r.error;
    } else if (note) {
      td.removeChild(note);
      input.removeAttribute("aria-describedby");
    }
    return !r.error;
  }
  function invalid() {
    return Array.prototype.filter.call(form.querySelectorAll("input[data-col]"), function (i) {
      return i.classList.contains("invalid");
    });
  }
  var saveButton = form.querySelector("button[type=submit]");
  function blocked() {
    var bad = invalid();
    saveButton.disabled = bad.length > 0;
    if (bad.length) {
      status.textContent = "有 " + bad.length + " 个单元格无法识别为金额，更正后才能保存。";
    }
    return bad.length > 0;
  }

  form.addEventListener("input", function (event) {
    var input = event.target;
    if (input.dataset.col === undefined) { return; }
    input.dataset.typed = "1";
    mark(input);
    recalc();
    clearTimeout(timer);
    if (!blocked()) { timer = setTimeout(preview, 500); }
  });
  // leaving a cell shows what will be saved: 1,234.5万 → 1234.50 (in the table's unit)
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.dataset.col === undefined || !mark(input)) { return; }
    var r = read(input.value);
    input.value = r.cents === null ? "" : text(r.cents);
  });
  // Enter moves down a row (Shift+Enter up), as in a spreadsheet, instead of saving the table.
  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || input.dataset.col === undefined) { return; }
    event.preventDefault();
    var at = rows.indexOf(input.closest("tr")), step = event.shiftKey ? -1 : 1;
    for (var k = at + step; k >= 0 && k < rows.length; k += step) {
      var next = rows[k].querySelector('input[data-col="' + input.dataset.col + '"]');
      if (next) { next.focus(); next.select(); return; }
    }
  });
  form.addEventListener("submit", function (event) {
    form.querySelectorAll("input[data-col]").forEach(mark);
    if (blocked()) {
      event.preventDefault();
      invalid()[0].focus();
    }
  });
  recalc();
  preview();
})();
