// The editor's live preview and accent-colour check. The preview frame shows the saved page rendered by
// the real public renderer; unsaved edits are mirrored into it (same origin, no script inside the frame).
// Theme facts come from the server (link-page/themes.ts), so colours match what visitors will see.
"use strict";
(function () {
  const M = window.MeLinks;
  const form = document.querySelector("[data-editor]");
  if (!form) return;
  const T = M.data().theme;
  const frame = document.querySelector("[data-preview]");
  const note = document.querySelector("[data-preview-note]");

  // ---- WCAG contrast (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio), as src/lib/contrast.ts ----
  const channel = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const lum = (hex) => {
    const n = parseInt(hex.slice(1), 16);
    return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const readableOn = (bg) => (ratio(bg, "#000000") >= ratio(bg, "#ffffff") ? "#000000" : "#ffffff");
  const isHex = (s) => /^#[0-9a-fA-F]{6}$/.test(s);

  /** As resolveTheme() in link-page/themes.ts. */
  function resolve(theme) {
    const p = T.presets[theme.preset] || T.presets.classic;
    const accent = theme.accent && isHex(theme.accent) ? theme.accent.toLowerCase() : p.accent;
    const outline = theme.buttonStyle === "outline";
    return {
      "--bg": p.bg,
      "--fg": p.text,
      "--muted": p.muted,
      "--btn-bg": outline ? "transparent" : accent,
      "--btn-fg": outline ? (ratio(accent, p.bg) >= T.aaText ? accent : p.text) : readableOn(accent),
      "--btn-border": accent,
      "--radius": T.radius[theme.buttonStyle || "rounded"] || "12px",
      "--font": T.fonts[theme.font || "system"] || T.fonts.system,
    };
  }

  // ---- Accent colour: picker, ratio, refusal below WCAG AA ----
  const accentInput = form.querySelector("input[name='theme.accent']");
  const picker = form.querySelector("[data-accent-picker]");
  const contrastEl = form.querySelector("[data-contrast]");
  const reset = form.querySelector("[data-accent-reset]");
  const preset = () => (form.querySelector("input[name='theme.preset']:checked") || { value: "classic" }).value;
  const style = () => form.elements.namedItem("theme.buttonStyle").value;

  M.accentProblem = function () {
    const a = accentInput.value.trim();
    if (!a) return null;
    if (!isHex(a)) return "must be a colour like #1a2b3c";
    const bg = T.presets[preset()].bg;
    const r = ratio(a, bg);
    const need = style() === "outline" ? T.aaText : T.aaNonText;
    if (r >= need) return null;
    return `contrast with the background is ${r.toFixed(2)}:1; WCAG AA needs at least ${need}:1 here — pick a ${lum(bg) > 0.18 ? "darker" : "lighter"} colour`;
  };
  function showContrast() {
    const p = T.presets[preset()];
    const a = accentInput.value.trim();
    const accent = isHex(a) ? a : p.accent;
    accentInput.placeholder = `${p.accent} (theme default)`;
    picker.value = accent.toLowerCase();
    const problem = M.accentProblem();
    const r = ratio(accent, p.bg).toFixed(1);
    contrastEl.textContent = problem ? `✗ ${r}:1 on this background — too faint` : `✓ ${r}:1 on this background`;
    contrastEl.className = "contrast " + (problem ? "bad" : "ok");
  }
  picker.addEventListener("input", () => {
    accentInput.value = picker.value;
    accentInput.dispatchEvent(new Event("input", { bubbles: true }));
  });
  reset.addEventListener("click", () => {
    accentInput.value = "";
    accentInput.dispatchEvent(new Event("input", { bubbles: true }));
  });
  form.addEventListener("input", showContrast);
  form.addEventListener("change", showContrast);
  showContrast();

  // ---- Mirror the draft into the preview frame ----
  function isLive(l, now) {
    if (!l.enabled) return false;
    if (l.startsAt && now < Date.parse(l.startsAt)) return false;
    if (l.endsAt && now >= Date.parse(l.endsAt)) return false;
    return true;
  }
  function apply(draft, unsaved) {
    const doc = frame.contentDocument;
    if (!doc || !doc.querySelector("main")) return;
    const vars = resolve(draft.theme);
    for (const k in vars) doc.documentElement.style.setProperty(k, vars[k]);
    const name = draft.displayName.trim() || "Your name";
    doc.querySelector("h1").textContent = name;
    const initial = doc.querySelector("div.avatar"); // an <img class="avatar"> is the saved photo: left as is
    if (initial) initial.textContent = (Array.from(name)[0] || "?").toUpperCase();
    let bio = doc.querySelector(".bio");
    if (draft.bio.trim()) {
      if (!bio) {
        bio = doc.createElement("p");
        bio.className = "bio";
        doc.querySelector("header").append(bio);
      }
      bio.textContent = draft.bio.trim();
    } else if (bio) bio.remove();
    const nav = doc.querySelector("nav");
    const now = Date.now();
    const live = draft.links.filter((l) => isLive(l, now) && l.title.trim());
    nav.replaceChildren();
    if (live.length) {
      const ul = doc.createElement("ul");
      for (const l of live) {
        const li = doc.createElement("li");
        const a = doc.createElement("a");
        a.className = "btn";
        a.textContent = l.title.trim();
        if (/^(https?|mailto|tel):/i.test(l.url)) a.href = l.url;
        a.rel = "noopener";
        li.append(a);
        ul.append(li);
      }
      nav.append(ul);
    } else {
      const p = doc.createElement("p");
      p.className = "empty";
      p.textContent = "No links yet.";
      nav.append(p);
    }
    if (note) note.textContent = unsaved ? "unsaved changes" : "saved version";
  }
  let last = null;
  let raf = 0;
  document.addEventListener("melinks:draft", (e) => {
    last = e.detail;
    cancelAnimationFrame(raf);
    raf = requestAnimationFrame(() => apply(last, true));
  });
  document.addEventListener("melinks:saved", () => last && apply(last, false));
  // A reload of the frame (or a late first load) gets the current draft again.
  frame.addEventListener("load", () => last && apply(last, true));
})();
