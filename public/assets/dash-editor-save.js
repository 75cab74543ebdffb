// Saving the editor: PATCH /api/v1/pages/{slug} with If-Match (an edit made meanwhile elsewhere gives
// 412, shown as a conflict instead of being overwritten), and the API's problem+json field errors
// (`errors[].field`, e.g. "links.2.url") shown next to the matching fields.
"use strict";
(function () {
  const M = window.MeLinks;
  const E = M.editor;
  if (!E) return;
  const { form, rows, socialRows, readDraft, say, renameField } = E;
  const summary = document.querySelector("[data-error-summary]");
  const conflict = document.querySelector("[data-conflict]");

  // ---- Errors ----
  function clearErrors() {
    for (const err of form.querySelectorAll(".field-error")) {
      if (err.closest("[data-field]")) {
        err.hidden = true;
        err.textContent = "";
      }
    }
    for (const el of form.querySelectorAll("[aria-invalid=true]")) el.removeAttribute("aria-invalid");
    summary.hidden = true;
    conflict.hidden = true;
  }
  function showErrors(errors, detail) {
    let first = null;
    const loose = [];
    for (const e of errors) {
      const div = form.querySelector(`[data-field="${CSS.escape(e.field)}"]`);
      if (!div) {
        loose.push(`${e.field}: ${e.message}`);
        continue;
      }
      const control = div.querySelector("input, textarea, select");
      const err = div.querySelector(".field-error");
      err.textContent = e.message;
      err.hidden = false;
      control.setAttribute("aria-invalid", "true");
      renameField(div, div.getAttribute("data-field")); // re-link aria-describedby to the error
      const details = div.closest("details");
      if (details) details.open = true;
      first = first || control;
    }
    const n = errors.length;
    summary.textContent = (n === 1 ? "One field needs your attention." : `${n || "Some"} fields need your attention.`) + (loose.length ? " " + loose.join("; ") : n ? "" : " " + (detail || "")) + " Nothing was saved yet.";
    summary.hidden = false;
    (first || summary).focus();
  }

  // ---- Save ----
  async function save() {
    clearErrors();
    const body = readDraft();
    const colours = M.colourProblems ? M.colourProblems() : {};
    const colourErrors = Object.keys(colours).map((field) => ({ field, message: colours[field] }));
    if (colourErrors.length) return showErrors(colourErrors);
    say("Saving…");
    let res;
    try {
      res = await fetch(`/dashboard/api/v1/pages/${encodeURIComponent(E.data.slug)}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", accept: "application/json", "if-match": E.etag },
        body: JSON.stringify(body),
      });
    } catch {
      return say("Couldn't reach MeLinks. Check your connection and save again.");
    }
    const json = await res.json().catch(() => ({}));
    if (res.ok) {
      E.etag = res.headers.get("etag") || E.etag;
      const completed = []; // addresses the server completed (www.example.com → https://www.example.com/)
      const showSaved = (input, url) => {
        if (!input || input.value.trim() === url) return;
        completed.push(`${input.value.trim()} → ${url}`);
        input.value = url;
      };
      socialRows().forEach((row, i) => {
        const social = json.socials && json.socials[i];
        if (!social) return;
        row.querySelector("[data-k=id]").value = social.id;
        showSaved(row.querySelector("input[type=text]"), social.url);
        row.querySelector("[data-platform]").textContent = (E.data.platforms || {})[social.platform] || "";
      });
      rows().forEach((row, i) => {
        const link = json.links && json.links[i];
        if (!link) return;
        row.querySelector("[data-k=id]").value = link.id;
        if (link.type === "link") showSaved(row.querySelector("[data-field$='.url'] input"), link.url);
        // The "Scheduled" badge follows what was saved, as the server draws it (editor-links.tsx).
        const scheduled = !!(link.startsAt || link.endsAt);
        let badge = row.querySelector("[data-sched-badge]");
        if (scheduled && !badge) {
          badge = document.createElement("span");
          badge.className = "badge";
          badge.setAttribute("data-sched-badge", "");
          badge.textContent = "Scheduled";
          row.querySelector(".row-tools").before(badge);
        } else if (!scheduled && badge) badge.remove();
      });
      E.saved();
      const h1 = document.querySelector("h1");
      if (h1) h1.textContent = json.displayName;
      document.dispatchEvent(new CustomEvent("melinks:saved", { detail: json }));
      for (const old of document.querySelectorAll(".flash-ok")) old.hidden = true; // "page is live" etc. has done its job
      const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      say(`Saved ${time} · live on your page` + (completed.length ? `. Addresses completed: ${completed.join("; ")}` : ""));
    } else if (res.status === 412) {
      conflict.hidden = false;
      conflict.setAttribute("tabindex", "-1");
      conflict.focus();
      say("Not saved: the page changed elsewhere.");
    } else if (res.status === 400 && Array.isArray(json.errors)) {
      showErrors(json.errors, json.detail);
      say("Not saved: please fix the highlighted fields.");
    } else if (res.status === 401) {
      say("Your session has ended. Sign in again in another tab, then save.");
    } else {
      say(`Not saved: ${(json.detail || "error " + res.status).replace(/\.$/, "")}. Please try again.`);
    }
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void save();
  });
})();
