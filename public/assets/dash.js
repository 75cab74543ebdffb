// MeLinks dashboard: shared progressive enhancement (copy buttons, typed confirmations, live sockets).
// Plain script, no build step, served from our origin. Everything here is optional: the pages work without it.
"use strict";
(function () {
  const MeLinks = (window.MeLinks = window.MeLinks || {});

  /** The page's JSON data block (see DashShell `data`). */
  MeLinks.data = function () {
    const el = document.getElementById("dash-data");
    return el ? JSON.parse(el.textContent || "null") : null;
  };

  MeLinks.timeZone = function () {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    } catch {
      return "UTC";
    }
  };

  /** Replay a short highlight on a number that just changed. */
  MeLinks.bump = function (el) {
    el.classList.remove("bump");
    void el.offsetWidth; // restart the animation
    el.classList.add("bump");
  };

  /**
   * The owner's live socket for a page: a snapshot of per-link totals first, then totals frames
   * (?totals=1: at most 20 a second, however busy the page, docs/performance.md#live-fan-out).
   * `onCount({linkId, total, added})` hears each link whose total grew, with how many clicks it grew by.
   * The session cookie (or, without an account, the draft cookie) authenticates it. Reconnects by
   * itself with backoff and jitter; `onState` hears "connecting", "live", "reconnecting" and "busy"
   * (the page has as many live sockets as it takes: a long wait before trying again). A renamed page's
   * socket stays open and hears {type:"renamed"}; one opened at the old address later is closed with
   * 4010 and the new slug as the reason and reconnects there. Either way `onMoved(newSlug)` (docs/rename.md).
   */
  MeLinks.live = function (slug, handlers) {
    const urlFor = (s) => (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/dashboard/api/v1/pages/" + encodeURIComponent(s) + "/live?totals=1";
    let url = urlFor(slug);
    let ws = null;
    let attempts = 0;
    let pinger = 0;
    let retry = 0;
    let everLive = false;
    let ended = false;
    const state = (s) => handlers.onState && handlers.onState(s);
    // All-time totals per link as last heard: growth is passed on once, even when a frame repeats
    // a total the snapshot already held (a socket that joined between a click and its frame).
    let known = {};
    const heard = (linkId, total) => {
      const added = total - (known[linkId] || 0);
      if (added <= 0) return;
      known[linkId] = total;
      if (handlers.onCount) handlers.onCount({ linkId, total, added });
    };
    const moved = (to) => {
      slug = to;
      url = urlFor(slug);
      if (handlers.onMoved) handlers.onMoved(slug);
    };
    function connect() {
      clearTimeout(retry);
      state(everLive ? "reconnecting" : "connecting");
      try {
        ws = new WebSocket(url);
      } catch {
        return schedule();
      }
      ws.addEventListener("message", (e) => {
        let msg;
        try {
          msg = JSON.parse(e.data);
        } catch {
          return;
        }
        if (msg.type === "snapshot") {
          known = Object.assign({}, msg.totals);
          const again = everLive;
          attempts = 0;
          everLive = true;
          state("live");
          if (handlers.onSnapshot) handlers.onSnapshot(msg, again);
        } else if (msg.type === "totals") for (const id in msg.totals) heard(id, msg.totals[id]);
        else if (msg.type === "renamed" && SLUG.test(msg.slug) && msg.slug !== slug) moved(msg.slug);
      });
      ws.addEventListener("close", (e) => {
        clearInterval(pinger);
        if (e.code === MOVED && SLUG.test(e.reason)) {
          moved(e.reason);
          attempts = 0;
          return connect();
        }
        // The server ended the access this socket was opened with: reconnecting would not help.
        if (ENDED[e.code]) {
          ended = true;
          return state(ENDED[e.code]);
        }
        // The page has all the live sockets it takes: wait long (and longer each time), never loop.
        if (e.code === FULL) return schedule(30000, "busy");
        schedule(500, "reconnecting");
      });
      ws.addEventListener("error", () => ws && ws.close());
      // Keep intermediaries from closing an idle connection.
      pinger = setInterval(() => ws && ws.readyState === 1 && ws.send('{"type":"ping"}'), 25000);
    }
    // Exponential backoff with jitter (between half and all of the step), so a page's many
    // dashboards that lost their sockets together don't all come back in the same instant.
    function schedule(base = 500, why = "reconnecting") {
      state(why);
      const step = Math.min(base === 500 ? 15000 : 300000, base * 2 ** attempts++);
      retry = setTimeout(connect, step / 2 + (Math.random() * step) / 2);
    }
    // Coming back online or to the tab: try at once rather than waiting out the backoff.
    const now = () => {
      if (!ended && (!ws || ws.readyState > 1)) {
        attempts = 0;
        connect();
      }
    };
    window.addEventListener("online", now);
    document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && now());
    connect();
    const handle = { drop: () => ws && ws.close(4000, "dropped") };
    MeLinks.liveConnections.push(handle);
    return handle;
  };
  /** Open live sockets; `drop()` closes one as a network failure would (it then reconnects by itself). */
  MeLinks.liveConnections = [];

  const LIVE_TEXT = {
    connecting: "Connecting…",
    live: "Live",
    reconnecting: "Reconnecting…",
    busy: "Paused: this page has too many live views open. Trying again shortly.",
    "signed-out": "Stopped: you were signed out. Reload to sign in again.",
    claimed: "Stopped: the page was claimed. Reload.",
    deleted: "Stopped: this page was deleted.",
  };
  // Close codes the server ends a live socket with for good (src/lib/live-tags.ts LIVE_CLOSE).
  const ENDED = { 4001: "signed-out", 4003: "claimed", 4004: "deleted" };
  // The page was renamed: the close reason is its new slug (LIVE_CLOSE.pageMoved), checked before use.
  const MOVED = 4010;
  // The page has as many live sockets as it takes (LIVE_CLOSE.full).
  const FULL = 4029;
  const SLUG = /^[a-z0-9][a-z0-9_-]{2,31}$/;
  /** The current address's path with the page's slug replaced (after a rename, so a reload lands right). */
  MeLinks.followRename = (oldSlug, newSlug) => {
    const from = "/pages/" + encodeURIComponent(oldSlug);
    const to = "/pages/" + encodeURIComponent(newSlug);
    const path = location.pathname.replace(from, to);
    if (path !== location.pathname) history.replaceState(null, "", path + location.search + location.hash);
    // Forms, links and frames of this screen that address the page go to its new address too.
    const under = new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "(?=/|\\?|#|$)");
    for (const attr of ["action", "href", "src", "formaction"]) {
      for (const el of document.querySelectorAll(`[${attr}*="${from}"]`)) {
        const value = el.getAttribute(attr);
        if (under.test(value)) el.setAttribute(attr, value.replace(under, to));
      }
    }
  };
  MeLinks.liveText = (s) => LIVE_TEXT[s] || s;

  async function copy(button) {
    const source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) return;
    const status = button.closest(".card, .new-key, .share-url")?.querySelector("[data-copy-status]");
    let ok = false;
    try {
      await navigator.clipboard.writeText(source.value);
      ok = true;
    } catch {
      source.select();
      ok = document.execCommand && document.execCommand("copy");
    }
    if (status) status.textContent = ok ? "Copied to the clipboard." : "Press Ctrl+C (⌘C) to copy the selected text.";
    const label = button.textContent;
    if (ok) {
      button.textContent = "Copied ✓";
      setTimeout(() => (button.textContent = label), 1800);
    }
  }

  /** A destructive form stays inert until its confirmation field holds the expected text. */
  function confirmForm(form) {
    const expected = (form.getAttribute("data-confirm-form") || "").toLowerCase();
    const input = form.querySelector("input[name=confirm]");
    const button = form.querySelector("[data-confirm-button]");
    if (!input || !button) return;
    const sync = () => {
      const ok = input.value.trim().toLowerCase() === expected;
      button.setAttribute("aria-disabled", ok ? "false" : "true");
      return ok;
    };
    input.addEventListener("input", sync);
    form.addEventListener("submit", (e) => {
      if (!sync()) {
        e.preventDefault();
        input.setAttribute("aria-invalid", "true");
        input.focus();
      }
    });
    sync();
  }

  // ---- Destructive forms ask first, in a modal dialog (focus stays inside; Esc cancels) ----
  let dialog = null;
  function confirmDialog(message, label) {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "confirm-dialog";
      dialog.setAttribute("aria-labelledby", "confirm-dialog-h");
      dialog.innerHTML =
        '<form method="dialog"><h2 id="confirm-dialog-h">Are you sure?</h2><p data-msg></p>' +
        '<div class="confirm-actions"><button value="yes" class="btn btn-danger" data-ok></button>' +
        '<button value="no" class="btn" autofocus>Cancel</button></div></form>';
      document.body.append(dialog);
    }
    dialog.querySelector("[data-msg]").textContent = message;
    dialog.querySelector("[data-ok]").textContent = label;
    dialog.returnValue = "";
    dialog.showModal();
    return new Promise((resolve) => dialog.addEventListener("close", () => resolve(dialog.returnValue === "yes"), { once: true }));
  }
  // Delegated, so forms in a re-fetched webhook list are covered too.
  document.addEventListener("submit", async (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm-dialog")) return;
    const flag = form.querySelector("input[name=confirm]");
    if (flag.value === "yes") return;
    e.preventDefault();
    const opener = e.submitter || form.querySelector("button");
    if (await confirmDialog(form.getAttribute("data-confirm-dialog"), form.getAttribute("data-confirm-label") || "Confirm")) {
      flag.value = "yes";
      form.submit();
    } else if (opener) opener.focus();
  });

  document.addEventListener("DOMContentLoaded", () => {
    // A page showing a one-time secret was the answer to a POST: give it a plain address, so a
    // reload fetches the page again instead of posting the form a second time (another key, another webhook).
    const replace = document.querySelector("[data-replace-url]");
    if (replace) history.replaceState(null, "", replace.getAttribute("data-replace-url"));
    for (const el of document.querySelectorAll("[data-js-only]")) el.hidden = false;
    for (const b of document.querySelectorAll("[data-copy]")) b.addEventListener("click", () => copy(b));
    for (const f of document.querySelectorAll("[data-confirm-form]")) confirmForm(f);
    const newKey = document.getElementById("new-key");
    if (newKey) newKey.addEventListener("focus", () => newKey.select());
  });
})();
