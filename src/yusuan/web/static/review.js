// The package (review) page: a confirmation before 发布 and 删除草稿 (forms with
// data-confirm), and the batch decision's ticks (count, tick a whole group).
(function () {
  "use strict";
  var dialog = document.getElementById("confirm-dialog");
  var message = document.getElementById("confirm-message");
  var ok = document.getElementById("confirm-ok");
  var pending = null;
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.confirmed === "1" || !dialog || typeof dialog.showModal !== "function") {
        return;  // confirmed (or no <dialog> support: the server's checks still hold)
      }
      event.preventDefault();
      pending = form;
      message.textContent = form.dataset.confirm;
      ok.textContent = "确定" + (form.dataset.confirmLabel || "");
      dialog.returnValue = "";
      dialog.showModal();
    });
  });
  if (dialog) {
    dialog.addEventListener("close", function () {
      var form = pending;
      pending = null;
      if (form && dialog.returnValue === "ok") {
        form.dataset.confirmed = "1";
        form.requestSubmit();
      }
    });
  }

  var batch = document.getElementById("batch");
  if (!batch) { return; }
  var count = document.getElementById("batch-count");
  function picks() {
    return Array.prototype.slice.call(document.querySelectorAll("input[name=finding_key][form=batch]"));
  }
  function update() {
    count.textContent = String(picks().filter(function (p) { return p.checked; }).length);
  }
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.classList && box.classList.contains("pick-all")) {
      box.closest("table").querySelectorAll("input[name=finding_key]").forEach(function (p) {
        p.checked = box.checked;
      });
    }
    update();
  });
  batch.addEventListener("submit", function (event) {
    if (picks().some(function (p) { return p.checked; })) { return; }
    event.preventDefault();
    count.textContent = "0";
    batch.querySelector("span").classList.add("error-message");
  });
  update();
})();

// Decisions and replies without a reload: a form with class "inplace" is sent with fetch,
// asking for JSON; the answer's HTML replaces the finding's 处理 cell, the package's new
// version goes into every form of the page, the counts follow. The page does not move
// (nothing navigates); without script the same form posts and comes back to the finding.
(function () {
  "use strict";
  function setVersion(version) {
    document.querySelectorAll("input[name=version]").forEach(function (input) {
      input.value = String(version);
    });
  }
  function bind(root) {
    root.querySelectorAll("form.inplace").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.fetch || !window.FormData) { return; }
        event.preventDefault();
        var cell = form.closest("[data-cell]");
        var error = form.querySelector(".form-error");
        var button = form.querySelector("button[type=submit]");
        if (button) { button.disabled = true; }
        if (error) { error.textContent = ""; }
        fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { "Accept": "application/json" },
          credentials: "same-origin"
        }).then(function (response) {
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        }).then(function (answer) {
          if (button) { button.disabled = false; }
          if (!answer.ok) {  // the reason beside the form; what was typed stays
            if (error) { error.textContent = answer.data.detail || "操作未成功，请刷新页面后重试。"; }
            return;
          }
          var data = answer.data;
          var holder = document.createElement("tbody");
          holder.innerHTML = "<tr>" + data.html + "</tr>";
          var fresh = holder.querySelector("[data-cell]");
          if (cell && fresh) {
            cell.replaceWith(fresh);
            bind(fresh);
            fresh.classList.add("just-saved");
          }
          if (typeof data.version === "number") { setVersion(data.version); }
          var waived = document.getElementById("waived-count");
          if (waived && typeof data.waived === "number") { waived.textContent = "已豁免 " + data.waived; }
        }).catch(function () {
          if (button) { button.disabled = false; }
          if (error) { error.textContent = "网络错误，未能提交，请重试。"; }
        });
      });
    });
  }
  bind(document);
})();
