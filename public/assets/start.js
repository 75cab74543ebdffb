// The landing page's address field: says as you type whether the address is free, taken or reserved
// (and why), using the public GET /api/v1/slugs/{slug}. The form works without this script.
(() => {
  const form = document.querySelector("[data-start]");
  const input = form && form.querySelector("input[name=slug]");
  const status = form && form.querySelector("[data-slug-status]");
  if (!input || !status) return;
  let timer = 0;
  let seq = 0;
  input.addEventListener("input", () => {
    const slug = input.value.trim().toLowerCase();
    clearTimeout(timer);
    status.textContent = "";
    status.className = "hint";
    if (!slug) return;
    timer = setTimeout(async () => {
      const mine = ++seq;
      try {
        const res = await fetch(`/api/v1/slugs/${encodeURIComponent(slug)}`, { headers: { accept: "application/json" } });
        const body = await res.json();
        if (mine !== seq) return; // a newer keystroke won
        status.textContent = body.available ? `✓ “${body.slug}” is free.` : `✗ ${body.message || "Not available."}`;
        status.className = body.available ? "hint ok" : "hint field-error";
        input.setAttribute("aria-invalid", body.available ? "false" : "true");
      } catch {
        status.textContent = "";
      }
    }, slug.length < 3 ? 1200 : 250); // give a short address time to grow before saying it is too short
  });
})();
