// The editor's live preview and colour checks. The frame shows the page through the real public
// renderer: the saved page first, then each unsaved draft posted to /dashboard/pages/{slug}/preview
// (icons, photo, headers and theme exactly as visitors will see them; no script inside the frame).
// The contrast check mirrors colourProblems() in src/routes/dashboard/editor-form.ts.
"use strict";
(function () {
  const M = window.MeLinks;
  const form = document.querySelector("[data-editor]");
  if (!form) return;
  const T = M.data().theme;
  const note = document.querySelector("[data-preview-note]");
  const previewForm = document.querySelector("[data-preview-form]");

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
  const isHex = (s) => /^#[0-9a-fA-F]{6}$/.test(s);

  // ---- Accent and background colours: pickers, ratio, refusal below WCAG AA ----
  const accentInput = form.querySelector("input[name='theme.accent']");
  const bgInput = form.querySelector("input[name='theme.background']");
  const picker = form.querySelector("[data-accent-picker]");
  const bgPicker = form.querySelector("[data-background-picker]");
  const contrastEl = form.querySelector("[data-contrast]");
  const preset = () => (form.querySelector("input[name='theme.preset']:checked") || { value: "classic" }).value;
  const style = () => form.elements.namedItem("theme.buttonStyle").value;
  const backgrounds = () => {
    const bg = bgInput.value.trim();
    if (isHex(bg)) return [bg.toLowerCase()];
    const p = T.presets[preset()] || T.presets.classic;
    return p.gradient ? [p.bg, ...p.gradient] : [p.bg];
  };
  const accentNow = () => {
    const a = accentInput.value.trim();
    return isHex(a) ? a.toLowerCase() : (T.presets[preset()] || T.presets.classic).accent;
  };
  /** The worst contrast of the accent against the background's colours. */
  const worst = () => backgrounds().reduce((w, bg) => (ratio(accentNow(), bg) < ratio(accentNow(), w) ? bg : w));

  M.colourProblems = function () {
    const a = accentInput.value.trim();
    const b = bgInput.value.trim();
    const out = {};
    if (a && !isHex(a)) out["theme.accent"] = "must be a colour like #1a2b3c";
    if (b && !isHex(b)) out["theme.background"] = "must be a colour like #1a2b3c";
    if (Object.keys(out).length) return out;
    const bg = worst();
    const r = ratio(accentNow(), bg);
    const need = style() === "outline" || style() === "outline-pill" ? T.aaText : T.aaNonText;
    if (r >= need) return out;
    const field = a || !b ? "theme.accent" : "theme.background";
    const darker = lum(field === "theme.accent" ? bg : accentNow()) > 0.18;
    out[field] = `contrast between the accent and the background is ${r.toFixed(2)}:1; WCAG AA needs at least ${need}:1 here — pick a ${darker ? "darker" : "lighter"} colour`;
    return out;
  };
  function showContrast() {
    const p = T.presets[preset()] || T.presets.classic;
    accentInput.placeholder = `${p.accent} (theme default)`;
    bgInput.placeholder = `${p.bg} (theme default)`;
    picker.value = accentNow();
    bgPicker.value = backgrounds()[0];
    const problems = M.colourProblems();
    const r = ratio(accentNow(), worst()).toFixed(1);
    const bad = Object.keys(problems).length > 0;
    contrastEl.textContent = bad ? `✗ ${r}:1 on this background — too faint` : `✓ ${r}:1 on this background`;
    contrastEl.className = "contrast " + (bad ? "bad" : "ok");
  }
  const pick = (input, value) => {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  picker.addEventListener("input", () => pick(accentInput, picker.value));
  bgPicker.addEventListener("input", () => pick(bgInput, bgPicker.value));
  form.querySelector("[data-accent-reset]").addEventListener("click", () => pick(accentInput, ""));
  form.querySelector("[data-background-reset]").addEventListener("click", () => pick(bgInput, ""));
  form.addEventListener("input", showContrast);
  form.addEventListener("change", showContrast);
  showContrast();

  // ---- The draft, rendered by the server into the frame (one request at a time, the latest wins) ----
  let timer = 0;
  function show(draft, unsaved) {
    clearTimeout(timer);
    timer = setTimeout(() => {
      previewForm.elements.namedItem("draft").value = JSON.stringify(draft);
      previewForm.submit();
      if (note) note.textContent = unsaved ? "unsaved changes" : "saved version";
    }, 250);
  }
  document.addEventListener("melinks:draft", (e) => show(e.detail, true));
  document.addEventListener("melinks:saved", () => show(M.editor.readDraft(), false));
})();
