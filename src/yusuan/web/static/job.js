// A job's page (an upload, a publication, a 自评表 check): asks the job's JSON once a second
// and shows its progress; once the job is done the browser goes on to its result (the draft,
// the published package, the check), once it failed the page is loaded again (it then shows
// the reason and the form).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) return;
  var url = box.getAttribute("data-url");
  var state = document.getElementById("job-state");
  var step = document.getElementById("job-step");
  var bar = document.getElementById("job-bar");
  var ended = { done: 1, failed: 1, cancelled: 1 };

  function show(job) {
    if (job.state === "done" && (job.result_url || job.package_url)) {
      window.location.assign(job.result_url || job.package_url);
      return false;
    }
    if (ended[job.state]) {
      window.location.reload();
      return false;
    }
    state.textContent = job.state_label;
    if (job.state === "queued") {
      step.textContent = "排队等待（前面还有任务时需排队）";
    } else {
      step.textContent =
        job.step +
        (job.total_pages ? "：" + job.progress_unit + " " + job.done_pages + "/" + job.total_pages : "");
    }
    if (job.total_pages) {
      bar.max = job.total_pages;
      bar.value = job.done_pages;
    }
    return true;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (job) {
        if (!job || show(job)) window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 1000);
})();
