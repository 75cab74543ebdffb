// Says as you type whether an address is free, taken or reserved (and why), with the public
// GET /api/v1/slugs/{slug}. Used by the landing page's start form and the dashboard's new-page form;
// both work without it. A form opts in with `data-slug-check`; its input[name=slug] is watched, the
// answer goes in [data-slug-status] (its classes kept, plus "ok" or "bad"), an optional
// [data-slug-echo] mirrors the address, and [data-today] elements name the signed-in owner's pages.
"use strict";
(function () {
  for (const form of document.querySelectorAll("[data-slug-check]")) watch(form);

  function watch(form) {
    const input = form.querySelector("input[name=slug]");
    const status = form.querySelector("[data-slug-status]");
    if (!input || !status) return;
    const echo = form.querySelector("[data-slug-echo]");
    const base = status.className;
    const ownSlugs = new Set([...document.querySelectorAll("[data-today]")].map((el) => el.getAttribute("data-today")));
    let timer = 0;
    let seq = 0;
    input.addEventListener("input", () => {
      const slug = input.value.trim().toLowerCase();
      if (echo) echo.textContent = slug || "your-name";
      clearTimeout(timer);
      status.textContent = "";
      status.className = base;
      if (!slug) return;
      timer = setTimeout(async () => {
        const mine = ++seq;
        try {
          const res = await fetch(`/api/v1/slugs/${encodeURIComponent(slug)}`, { headers: { accept: "application/json" } });
          const body = await res.json();
          if (mine !== seq) return; // a newer keystroke won
          const yours = !body.available && body.reason === "taken" && ownSlugs.has(body.slug);
          status.textContent = body.available
            ? `✓ “${body.slug}” is free.`
            : yours ? "✗ You already have this page (it's in your list)." : `✗ ${body.message || "Not available."}`;
          status.className = `${base} ${body.available ? "ok" : "bad"}`;
          input.setAttribute("aria-invalid", body.available ? "false" : "true");
        } catch {
          status.textContent = "";
        }
      }, slug.length < 3 ? 1200 : 250); // give a short address time to grow before saying it is too short
    });
  }
})();
