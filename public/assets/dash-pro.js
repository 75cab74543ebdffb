// Signups & webhooks: local times, the signup preview, the one-time secret, and
// watching a test event arrive in the delivery log (confirmation dialogs are in dash.js). Everything works
// without this script: the delivery log then shows new attempts after a reload.
"use strict";
(function () {
  const M = window.MeLinks;
  const data = (M && M.data()) || {};

  // ---- Times in the viewer's time zone (the server writes UTC) ----
  const fmt = {
    minutes: new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }),
    seconds: new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" }),
  };
  function localTimes(root) {
    for (const t of root.querySelectorAll("time[data-local-time]")) {
      const d = new Date(t.getAttribute("datetime"));
      if (!Number.isNaN(d.getTime())) t.textContent = (fmt[t.getAttribute("data-local-time")] || fmt.minutes).format(d);
    }
  }

  // ---- The new signing secret: selected on focus, and brought into view ----
  const secret = document.getElementById("new-secret");
  if (secret) {
    const input = secret.querySelector("[data-select-on-focus]");
    input.addEventListener("focus", () => input.select());
    secret.scrollIntoView({ block: "center" });
    secret.focus();
  }

  // ---- Signup preview: mirror the heading and button text as they are typed ----
  const form = document.querySelector("[data-signup-form]");
  const frame = document.querySelector("[data-signup-preview]");
  const note = document.querySelector("[data-signup-preview-note]");
  function mirror(dirty) {
    const doc = frame && frame.contentDocument;
    const section = doc && doc.querySelector(".signup");
    if (!form || !doc || !doc.querySelector("main")) return;
    const on = form.elements.namedItem("enabled").checked;
    const heading = form.elements.namedItem("heading");
    const button = form.elements.namedItem("buttonText");
    if (section) {
      section.hidden = !on;
      const h = section.querySelector("h2");
      if (h) h.textContent = heading.value.trim() || heading.placeholder;
      const b = section.querySelector("button");
      if (b) b.textContent = button.value.trim() || button.placeholder;
      // Scroll the framed page itself: scrollIntoView would also scroll the phone frame around it.
      if (on) doc.defaultView.scrollTo(0, Math.max(0, section.offsetTop - 160));
    }
    if (note) {
      note.textContent = on && !section
        ? "Save to see the form in the preview. The form here is only a picture: it signs no one up."
        : (dirty ? "Preview with your unsaved changes." : "Preview of the saved page.") + " The form here is only a picture: it signs no one up.";
    }
  }
  if (form && frame) {
    form.addEventListener("input", () => mirror(true));
    form.addEventListener("change", () => mirror(true));
    frame.addEventListener("load", () => mirror(false));
    if (frame.contentDocument && frame.contentDocument.readyState === "complete") mirror(false);
  }

  // ---- A test event was just sent: re-fetch the webhook list until its delivery shows ----
  const tested = data.tested;
  const status = document.querySelector("[data-test-status]");
  for (const el of document.querySelectorAll("[data-no-js]")) el.hidden = true;
  async function watch(tries) {
    const list = document.querySelector("[data-webhook-list]");
    if (!list || tries <= 0) {
      if (status) status.textContent = "The test event hasn't been delivered yet. Reload the page in a moment to see its result.";
      return;
    }
    await new Promise((r) => setTimeout(r, tries > 12 ? 700 : 1500));
    let html = "";
    try {
      const res = await fetch(`/dashboard/pages/${encodeURIComponent(data.slug)}/pro/webhooks/fragment`, { headers: { accept: "text/html" } });
      if (res.ok) html = await res.text();
    } catch {}
    if (!html) return watch(tries - 1);
    const next = new DOMParser().parseFromString(html, "text/html").querySelector("[data-webhook-list]");
    const row = next && next.querySelector(`tr[data-message="${CSS.escape(tested.messageId)}"]`);
    if (!row) return watch(tries - 1);
    row.classList.add("fresh");
    list.replaceWith(next);
    localTimes(next);
    const ok = row.classList.contains("ok");
    const code = row.querySelector("[data-label=Status]").textContent.trim();
    if (status) {
      status.className = `flash ${ok ? "flash-ok" : "flash-error"}`;
      status.textContent = ok
        ? `Test event delivered: your endpoint answered ${code}. It's in the delivery log below.`
        : `The test event failed (${code === "—" ? "no answer" : "status " + code}): see the delivery log below. We retry it with backoff.`;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    localTimes(document);
    if (tested && data.slug) void watch(20);
  });
})();
