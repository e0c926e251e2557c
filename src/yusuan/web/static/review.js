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
