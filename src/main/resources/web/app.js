// Wizzygen's only script: follows runs over server-sent events and inserts {{Property}} chips.
// Everything from the server is set with textContent: AI output and Notion titles are never parsed as HTML.
(function () {
  "use strict";

  function safeLink(url, text) {
    var a = document.createElement("a");
    if (/^https?:\/\//i.test(url)) { a.href = url; }
    a.target = "_blank";
    a.rel = "noopener";
    a.textContent = text;
    return a;
  }

  function followPageRun(section, runId) {
    var status = section.querySelector(".run-status");
    var stream = section.querySelector(".stream");
    var result = section.querySelector(".run-result");
    var source = new EventSource("/runs/" + encodeURIComponent(runId) + "/events");
    status.textContent = "Writing…";
    source.addEventListener("start", function (e) { status.textContent = "Writing with " + JSON.parse(e.data).engine + "…"; });
    source.addEventListener("text", function (e) { stream.textContent += JSON.parse(e.data).piece; });
    source.addEventListener("blocks", function (e) {
      status.textContent = JSON.parse(e.data).total + " blocks written to Notion so far…";
    });
    source.addEventListener("done", function (e) {
      var data = JSON.parse(e.data);
      source.close();
      status.textContent = (data.ok ? "Done: " : "Failed: ") + data.message;
      section.classList.add(data.ok ? "finished" : "failed");
      if (data.url) {
        result.textContent = "";
        result.appendChild(safeLink(data.url, "Open the page in Notion"));
      }
      offerUpgrade(status, data);
    });
    source.onerror = function () { if (source.readyState === EventSource.CLOSED) { status.textContent = "Lost the connection to the run; reload to see where it is."; } };
  }

  function followDatabaseRun(section, runId) {
    var status = section.querySelector(".run-status");
    var list = section.querySelector(".row-events");
    var source = new EventSource("/runs/" + encodeURIComponent(runId) + "/events");
    status.textContent = "Running…";
    source.addEventListener("row", function (e) {
      var data = JSON.parse(e.data);
      var tr = document.querySelector('tr[data-row="' + CSS.escape(data.rowId) + '"]');
      if (tr) {
        tr.dataset.state = data.state;
        tr.querySelector(".status").textContent = data.state === "written" ? "Done" : data.state === "failed" ? "Failed: " + data.reason
          : data.state === "not reached" ? "Not reached (still ticked): the plan's prompts are used up" : "Generating…";
        if (data.state === "written") { tr.querySelector(".output").textContent = data.output; }
        var tick = tr.querySelector('input[type="checkbox"]');
        if (tick && data.state === "written") { tick.checked = false; }
      }
      if (data.state !== "running") {
        var li = document.createElement("li");
        li.className = data.state.replace(" ", "-");
        li.textContent = data.state === "not reached" ? "… " + data.title + ": not reached, still ticked"
          : (data.state === "written" ? "✓ " : "✗ ") + data.title + (data.state === "failed" ? ": " + data.reason : "");
        list.appendChild(li);
        status.textContent = data.written + " written, " + data.failed + " failed, " + data.tokens + " tokens, " + data.cost + "…";
      }
    });
    source.addEventListener("done", function (e) {
      var data = JSON.parse(e.data);
      source.close();
      status.textContent = (data.ok ? "Done: " : "Finished with problems: ") + data.message;
      section.classList.add(data.ok ? "finished" : "failed");
      offerUpgrade(status, data);
    });
  }

  // A run stopped by the plan's quota links to the Upgrade tab (a fixed local path, never one from the event).
  function offerUpgrade(status, data) {
    if (!data.upgrade) { return; }
    var a = document.createElement("a");
    a.href = "/upgrade";
    a.textContent = "Upgrade";
    status.appendChild(document.createTextNode(" "));
    status.appendChild(a);
  }

  function insertChip(button) {
    var target = document.getElementById(button.dataset.target);
    if (!target) { return; }
    var text = button.dataset.insert;
    var start = target.selectionStart || target.value.length;
    var end = target.selectionEnd || target.value.length;
    target.value = target.value.slice(0, start) + text + target.value.slice(end);
    target.focus();
    target.selectionStart = target.selectionEnd = start + text.length;
  }

  // Drafts: what a person types into a form survives a reload (kept in this tab's sessionStorage until the form is
  // sent). Secrets (password fields) are never kept; fields saved to Notion as you type (htmx) are left alone.
  function draftFields(form) {
    return Array.prototype.filter.call(form.querySelectorAll("textarea, input"), function (field) {
      var type = (field.getAttribute("type") || "text").toLowerCase();
      var typed = field.tagName === "TEXTAREA" || ["text", "url", "email", "number", "search"].indexOf(type) >= 0;
      return typed && field.name && field.name !== "_csrf" && !field.hasAttribute("hx-post");
    });
  }

  function draftKey(form, field) {
    return "wizzygen-draft:" + location.pathname + ":" + (form.getAttribute("action") || "") + ":" + field.name;
  }

  function keepDrafts() {
    document.querySelectorAll('form[method="post"]').forEach(function (form) {
      draftFields(form).forEach(function (field) {
        var saved = sessionStorage.getItem(draftKey(form, field));
        if (saved !== null && field.value === field.defaultValue && saved !== field.value) { field.value = saved; }
        field.addEventListener("input", function () { sessionStorage.setItem(draftKey(form, field), field.value); });
      });
      form.addEventListener("submit", function () {
        draftFields(form).forEach(function (field) { sessionStorage.removeItem(draftKey(form, field)); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    keepDrafts();
    var page = document.getElementById("page-run");
    if (page && page.dataset.run) { followPageRun(page, page.dataset.run); }
    var db = document.getElementById("db-run");
    if (db && db.dataset.run) { followDatabaseRun(db, db.dataset.run); }
    document.querySelectorAll("button[data-insert]").forEach(function (button) {
      button.addEventListener("click", function () { insertChip(button); });
    });
  });
})();
