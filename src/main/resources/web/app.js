// Wizzygen's only script: follows runs over server-sent events, inserts {{Property}} chips and examples, keeps drafts,
// shows busy buttons and whether any row is ticked. It runs on every piece of the page htmx loads (a whole page answered
// to a boosted form, or a row added in place), so everything here is bound per element, once.
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

  var sources = [];

  function follow(runId) {
    var source = new EventSource("/runs/" + encodeURIComponent(runId) + "/events");
    sources.push(source);
    return source;
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  function followPageRun(section, runId) {
    var status = section.querySelector(".run-status");
    var stream = section.querySelector(".stream");
    var result = section.querySelector(".run-result");
    var source = follow(runId);
    status.textContent = "Writing…";
    source.addEventListener("start", function (e) { status.textContent = "Writing with " + JSON.parse(e.data).engine + "…"; });
    source.addEventListener("resumed", function (e) { status.textContent = JSON.parse(e.data).message; });
    source.addEventListener("text", function (e) { stream.textContent += JSON.parse(e.data).piece; });
    source.addEventListener("blocks", function (e) {
      status.textContent = plural(JSON.parse(e.data).total, "block", "blocks") + " written to Notion so far…";
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
    var source = follow(runId);
    status.textContent = "Running…";
    source.addEventListener("row", function (e) {
      var data = JSON.parse(e.data);
      var tr = document.querySelector('tr[data-row="' + CSS.escape(data.rowId) + '"]');
      if (tr) {
        tr.dataset.state = data.state;
        tr.querySelector(".status").textContent = data.state === "written" ? "Done" : data.state === "failed" ? "Failed: " + data.reason
          : data.state === "not reached" ? "Not reached (still ticked): " + data.reason : "Generating…";
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
    // A run the server picked up again after a restart says so once, where its rows are listed.
    source.addEventListener("resumed", function (e) {
      var li = document.createElement("li");
      li.className = "resumed";
      li.textContent = JSON.parse(e.data).message;
      list.appendChild(li);
    });
    source.addEventListener("done", function (e) {
      var data = JSON.parse(e.data);
      source.close();
      status.textContent = (data.ok ? "Done: " : "Finished with problems: ") + data.message;
      section.classList.add(data.ok ? "finished" : "failed");
      offerUpgrade(status, data);
      var retry = document.getElementById("retry-failed");
      if (retry) { retry.hidden = !(data.failed > 0); }
      updateTicks();
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

  // A chip inserts its text where the cursor is; an example (data-replace) fills the box with it.
  function insertChip(button) {
    var target = document.getElementById(button.dataset.target);
    if (!target) { return; }
    var text = button.dataset.insert;
    if (button.dataset.replace) {
      target.value = text;
    } else {
      var start = target.selectionStart || target.value.length;
      var end = target.selectionEnd || target.value.length;
      target.value = target.value.slice(0, start) + text + target.value.slice(end);
      target.selectionStart = target.selectionEnd = start + text.length;
    }
    target.dispatchEvent(new Event("input", { bubbles: true }));
    target.focus();
  }

  // Generate and "Test on first 3 rows" wait for a ticked row (when every row is shown, the page can count them).
  function updateTicks() {
    var grid = document.getElementById("grid");
    if (!grid || grid.dataset.ticks !== "shown") { return; }
    var ticked = grid.querySelectorAll("input.tick:checked").length > 0;
    document.querySelectorAll("button.needs-ticks").forEach(function (button) { button.disabled = !ticked; });
    var none = document.getElementById("no-ticks");
    if (none) { none.hidden = ticked; }
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

  function keepDrafts(root) {
    within(root, 'form[method="post"]').forEach(function (form) {
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

  // The elements matching selector in root, root itself included.
  function within(root, selector) {
    var found = Array.prototype.slice.call(root.querySelectorAll(selector));
    if (root.matches && root.matches(selector)) { found.unshift(root); }
    return found;
  }

  function init(root) {
    keepDrafts(root);
    within(root, "#page-run[data-run]").forEach(function (page) { followPageRun(page, page.dataset.run); });
    within(root, "#db-run[data-run]").forEach(function (db) { followDatabaseRun(db, db.dataset.run); });
    within(root, "button[data-insert]").forEach(function (button) {
      button.addEventListener("click", function () { insertChip(button); });
    });
    within(root, "input.tick").forEach(function (tick) { tick.addEventListener("change", updateTicks); });
    updateTicks();
  }

  // Busy sign: the button that sent a form shows it is working until the answer replaces the page.
  document.addEventListener("submit", function (e) {
    var button = e.submitter;
    if (button && button.tagName === "BUTTON") {
      button.classList.add("busy");
      button.setAttribute("aria-busy", "true");
    }
  });
  function notBusy(root) {
    (root && root.querySelectorAll ? root : document).querySelectorAll("button.busy").forEach(function (button) {
      button.classList.remove("busy");
      button.removeAttribute("aria-busy");
    });
  }
  window.addEventListener("pageshow", function () { notBusy(document); });

  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.target === document.body) {
      sources.forEach(function (source) { source.close(); }); // the page that followed them is being replaced
      sources = [];
    }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var form = e.detail.elt;
    notBusy(form);
    if (form.id === "add-row" && e.detail.successful && e.detail.target && e.detail.target.tagName === "TBODY") {
      form.reset();
      var error = document.getElementById("new-row-error");
      if (error) { error.textContent = ""; }
    }
  });

  if (window.htmx) {
    window.htmx.onLoad(init);
  } else {
    document.addEventListener("DOMContentLoaded", function () { init(document.body); });
  }
})();
