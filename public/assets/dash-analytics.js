// Analytics: the viewer's time zone, and live clicks through the page's WebSocket (counter at once,
// chart and tables re-fetched from the server a moment later), with a visible connection state.
"use strict";
(function () {
  const M = window.MeLinks;
  const data = M.data();
  if (!data) return;
  const pill = document.querySelector("[data-live-pill]");
  const label = pill && pill.querySelector("[data-live-label]");
  const params = new URLSearchParams(data.query);
  const tz = M.timeZone();

  const body = () => document.querySelector("[data-analytics-body]");
  let inflight = null;
  let again = false;
  async function refresh() {
    if (inflight) {
      again = true;
      return inflight;
    }
    inflight = (async () => {
      try {
        const res = await fetch(`/dashboard/pages/${encodeURIComponent(data.slug)}/analytics/fragment?${params}`, { headers: { accept: "text/html" } });
        if (res.ok) {
          const html = await res.text();
          const open = body().querySelector(".chart-table[open]") !== null;
          body().outerHTML = html;
          if (open) body().querySelector(".chart-table").open = true;
        }
      } catch {
        // keep what is shown; the next click or reconnect tries again
      }
    })();
    await inflight;
    inflight = null;
    if (again) {
      again = false;
      await refresh();
    }
  }

  // Day buckets in the viewer's own time zone: carry it in every range link and the custom form,
  // and if this view was drawn in UTC, fetch it again in the viewer's zone. (After refresh() and its
  // state are declared: calling it earlier threw, and the page stayed in UTC.)
  if (tz !== "UTC") {
    const zone = params.get("tz") || tz; // a zone asked for in the address wins over the browser's
    for (const a of document.querySelectorAll("[data-range-link]")) {
      const u = new URL(a.href);
      u.searchParams.set("tz", zone);
      a.href = u.pathname + u.search;
    }
    if (!params.has("tz")) {
      // (Only then: a view asked for in another zone keeps its label and form value.)
      const hidden = document.querySelector("[data-tz-input]");
      if (hidden) hidden.value = tz;
      const tzLabel = document.querySelector("[data-tz-label]");
      if (tzLabel) tzLabel.textContent = tz;
      params.set("tz", tz);
      void refresh();
    }
  }

  let timer = 0;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 1200);
  };

  M.live(data.slug, {
    onState: (s) => {
      if (!pill) return;
      pill.setAttribute("data-state", s);
      label.textContent = s === "live" ? "Live" : M.liveText(s);
    },
    // After a reconnect, clicks may have been missed: reload the numbers.
    onSnapshot: (_msg, reconnected) => reconnected && refresh(),
    // Renamed elsewhere: fetch fragments from, and show, the page's new address.
    onMoved: (slug) => {
      M.followRename(data.slug, slug);
      data.slug = slug;
    },
    onCount: (msg) => {
      const b = body();
      if (!b || b.getAttribute("data-live-range") !== "1") return;
      const total = b.querySelector("[data-total]");
      total.textContent = String(Number(total.textContent) + msg.added);
      M.bump(total);
      const cell = b.querySelector(`[data-link-clicks="${CSS.escape(msg.linkId)}"]`);
      if (cell) cell.textContent = String(Number(cell.textContent) + msg.added);
      soon();
    },
  });
})();
