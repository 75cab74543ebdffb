import { describe, expect, it } from "vitest";
import { contrastRatio, WCAG_AA_TEXT } from "../../src/lib/contrast";
import { PRESETS, resolveTheme } from "../../src/link-page/themes";
import { BUTTON_STYLES, THEME_PRESETS } from "../../src/schemas/theme";

describe("theme presets", () => {
  it("offers at least 6 presets", () => {
    expect(THEME_PRESETS.length).toBeGreaterThanOrEqual(6);
    for (const p of THEME_PRESETS) expect(PRESETS[p]).toBeDefined();
  });

  it.each(THEME_PRESETS)("%s keeps text, muted text and buttons at WCAG AA contrast", (preset) => {
    for (const buttonStyle of BUTTON_STYLES) {
      const t = resolveTheme({ preset, buttonStyle });
      expect(contrastRatio(t.text, t.bg)).toBeGreaterThanOrEqual(WCAG_AA_TEXT);
      expect(contrastRatio(t.muted, t.bg)).toBeGreaterThanOrEqual(WCAG_AA_TEXT);
      const behindButtonText = t.buttonBg === "transparent" ? t.bg : t.buttonBg;
      expect(contrastRatio(t.buttonText, behindButtonText)).toBeGreaterThanOrEqual(WCAG_AA_TEXT);
    }
  });

  it("keeps button text readable for any accent a user picks", () => {
    let seed = 42; // deterministic pseudo-random accents
    const next = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed);
    for (let i = 0; i < 2000; i++) {
      const accent = "#" + (next() & 0xffffff).toString(16).padStart(6, "0");
      const preset = THEME_PRESETS[i % THEME_PRESETS.length]!;
      const buttonStyle = BUTTON_STYLES[i % BUTTON_STYLES.length]!;
      const t = resolveTheme({ preset, accent, buttonStyle });
      const behind = t.buttonBg === "transparent" ? t.bg : t.buttonBg;
      expect(contrastRatio(t.buttonText, behind), `${preset}/${buttonStyle}/${accent}`).toBeGreaterThanOrEqual(WCAG_AA_TEXT);
    }
  });

  it("computes WCAG contrast correctly", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });
});
