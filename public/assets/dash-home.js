// /dashboard: live "clicks today" per page (the new-page form's address check is slug-check.js).
"use strict";
(function () {
  const M = window.MeLinks;

  // ---- Clicks today, in the viewer's own day, then live ----
  const counters = [...document.querySelectorAll("[data-today]")];
  const dot = document.querySelector(".live-note .live-dot");
  const label = document.querySelector("[data-live-label]");
  const states = new Map();
  function showState() {
    const all = [...states.values()];
    const ended = all.find((x) => x === "signed-out");
    const s = ended || (all.includes("reconnecting") ? "reconnecting" : all.length && all.every((x) => x === "live") ? "live" : "connecting");
    if (dot) dot.setAttribute("data-live-state", s);
    if (label) label.textContent = s === "live" ? "Live: clicks appear here as they happen." : M.liveText(s);
  }

  async function todayCount(slug) {
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    const q = new URLSearchParams({ from: midnight.toISOString(), granularity: "hour" });
    const res = await fetch(`/api/v1/pages/${encodeURIComponent(slug)}/analytics?${q}`, { headers: { accept: "application/json" } });
    if (!res.ok) throw new Error(String(res.status));
    return (await res.json()).totals.clicks;
  }

  for (const el of counters) {
    let slug = el.getAttribute("data-today");
    states.set(slug, "connecting");
    let today = Number(el.textContent) || 0;
    const set = (n) => {
      today = n;
      el.textContent = String(n);
    };
    M.live(slug, {
      // (Re)connected: recount, so clicks missed while disconnected are included.
      onSnapshot: () => todayCount(slug).then(set, () => {}),
      onCount: (c) => {
        set(today + c.added);
        M.bump(el);
      },
      // Renamed elsewhere: keep counting under the new address (the list shows it after a reload).
      onMoved: (to) => {
        states.set(to, states.get(slug));
        states.delete(slug);
        slug = to;
      },
      onState: (s) => {
        // A page deleted or claimed elsewhere has ended its live socket: it no longer counts towards
        // the summary (else "Connecting…" would stay for good); reloading shows the list as it is now.
        if (s === "deleted" || s === "claimed") states.delete(slug);
        else states.set(slug, s);
        showState();
      },
    });
  }
  if (counters.length) showState();
  else if (label) label.parentElement.hidden = true;
})();
