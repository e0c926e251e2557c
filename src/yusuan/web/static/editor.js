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
  var order = rows.filter(function (r) { return sums.indexOf(r) < 0; }).concat(sums);
  // rows that are sums across columns: 合计 (data-total) = its parts (data-parts)
  var totalCol = form.dataset.total;
  var partCols = form.dataset.parts ? form.dataset.parts.split(",") : [];

  function cellAt(row, col) { return row.querySelector('input[data-col="' + col + '"]'); }
  // A cell not typed keeps its printed value plus the changes of the rows directly below it
  // and, for a row's 合计, the changes typed in its parts — so printed totals nobody touched
  // stay as printed (as on the server: yusuan.web.editor.apply).
  function change(input) {
    var r = read(input.value), was = cents(input.defaultValue);
    if (r.error) { return 0; }  // unreadable: blocks saving, moves no total
    return (r.cents === null ? 0 : r.cents) - (was === null ? 0 : was);
  }
  function recalc() {
    order.forEach(function (row) {
      var below = sums.indexOf(row) >= 0 ? children(row) : [];
      row.querySelectorAll("input[data-col]").forEach(function (input) {
        if (input.dataset.typed) { return; }
        var col = input.dataset.col, delta = 0;
        below.forEach(function (child) {
          var cell = cellAt(child, col);
          if (cell) { delta += change(cell); }
        });
        if (col === totalCol) {
          partCols.forEach(function (p) {
            var part = cellAt(row, p);
            if (part && part.dataset.typed) { delta += change(part); }
          });
        }
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

  function typed(input) {
    if (input.dataset.col === undefined) { return; }
    input.dataset.typed = "1";
    mark(input);
    recalc();
    clearTimeout(timer);
    if (!blocked()) { timer = setTimeout(preview, 500); }
  }
  // while an input method is composing, the text is not the amount yet: read it once composed
  form.addEventListener("input", function (event) {
    if (!event.isComposing) { typed(event.target); }
  });
  form.addEventListener("compositionend", function (event) { typed(event.target); });
  // leaving a cell shows what will be saved: 1,234.5万 → 1234.50 (in the table's unit)
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.dataset.col === undefined || !mark(input)) { return; }
    var r = read(input.value);
    input.value = r.cents === null ? "" : text(r.cents);
  });
  // Moving like a spreadsheet: Enter down (Shift+Enter up), Tab right (Shift+Tab left, on to
  // the next or previous row), arrows up and down, and left or right when the caret is at the
  // edge of the text. Nothing is done while an input method is composing (拼音, 五笔).
  var cols = rows.length ? rows[0].querySelectorAll("input[data-col]").length : 0;
  function go(row, col) {
    var target = rows[row] ? cellAt(rows[row], col) : null;
    if (!target) { return false; }
    target.focus();
    target.select();
    return true;
  }
  function edge(input, forward) {
    var start = input.selectionStart, end = input.selectionEnd, n = input.value.length;
    if (start === 0 && end === n) { return true; }  // all selected: the cell was just entered
    return start === end && (forward ? end === n : start === 0);
  }
  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (input.dataset.col === undefined || event.isComposing || event.keyCode === 229) { return; }
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var at = rows.indexOf(input.closest("tr")), col = Number(input.dataset.col), moved = null;
    if (event.key === "Enter") {
      event.preventDefault();  // never saves the table
      moved = go(at + (event.shiftKey ? -1 : 1), col);
    } else if (event.key === "Tab") {
      var step = event.shiftKey ? -1 : 1, next = col + step, row = at;
      if (next < 0) { next = cols - 1; row -= 1; }
      if (next >= cols) { next = 0; row += 1; }
      moved = go(row, next);  // past the first or last cell: the browser's own Tab
    } else if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      moved = go(at + (event.key === "ArrowUp" ? -1 : 1), col);
    } else if (event.key === "ArrowLeft" && edge(input, false)) {
      moved = go(at, col - 1);
    } else if (event.key === "ArrowRight" && edge(input, true)) {
      moved = go(at, col + 1);
    }
    if (moved) { event.preventDefault(); }
  });

  // A block copied from Excel or WPS (cells separated by tabs, rows by line breaks) is pasted
  // from the focused cell right and down, each value read as if typed (全角, 千分位, 万/元).
  function typedIn(input, value) {
    input.value = value;
    input.dataset.typed = "1";
    if (mark(input)) {
      var r = read(value);
      input.value = r.cents === null ? "" : text(r.cents);
    }
  }
  form.addEventListener("paste", function (event) {
    var input = event.target;
    if (input.dataset.col === undefined || !event.clipboardData) { return; }
    var data = event.clipboardData.getData("text/plain");
    if (!/[\t\r\n]/.test(data.replace(/[\r\n]+$/, ""))) { return; }  // one value: as typed
    event.preventDefault();
    var lines = data.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n");
    var at = rows.indexOf(input.closest("tr")), col = Number(input.dataset.col);
    var filled = 0, left = 0;
    lines.forEach(function (line, i) {
      line.split("\t").forEach(function (value, j) {
        var cell = rows[at + i] ? cellAt(rows[at + i], col + j) : null;
        if (cell) { typedIn(cell, value); filled += 1; } else { left += 1; }
      });
    });
    recalc();
    clearTimeout(timer);
    var bad = blocked();
    if (!bad) {
      status.textContent = "已粘贴 " + filled + " 个单元格" +
        (left ? "，超出表格的 " + left + " 个未粘贴" : "") + "。";
      timer = setTimeout(preview, 500);
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
