import { describe, expect, it } from "vitest";
import { contrastRatio, WCAG_AA_TEXT } from "../../src/lib/contrast";
import { backgroundColours, PRESETS, resolveTheme } from "../../src/link-page/themes";
import { BUTTON_STYLES, THEME_PRESETS } from "../../src/schemas/theme";

describe("theme presets", () => {
  it("offers at least 12 presets, gradients among them", () => {
    expect(THEME_PRESETS.length).toBeGreaterThanOrEqual(12);
    for (const p of THEME_PRESETS) expect(PRESETS[p]).toBeDefined();
    expect(THEME_PRESETS.filter((p) => PRESETS[p].gradient).length).toBeGreaterThanOrEqual(3);
    expect(resolveTheme({ preset: "aurora" }).bgImage).toMatch(/^linear-gradient\(/);
  });

  // Every colour of a gradient is checked: text must read wherever it lands on the page.
  it.each(THEME_PRESETS)("%s keeps text, muted text, buttons and featured links at WCAG AA contrast on every background colour", (preset) => {
    for (const buttonStyle of BUTTON_STYLES) {
      const t = resolveTheme({ preset, buttonStyle });
      for (const bg of backgroundColours({ preset })) {
        expect(contrastRatio(t.text, bg)).toBeGreaterThanOrEqual(WCAG_AA_TEXT);
        expect(contrastRatio(t.muted, bg)).toBeGreaterThanOrEqual(WCAG_AA_TEXT);
        // Button shapes (and icons on the page) need 3:1 against the page (WCAG 1.4.11).
        expect(contrastRatio(t.buttonBorder, bg), `${preset} accent on ${bg}`).toBeGreaterThanOrEqual(3);
        const behindButtonText = t.buttonBg === "transparent" ? bg : t.buttonBg;
        expect(contrastRatio(t.buttonText, behindButtonText)).toBeGreaterThanOrEqual(WCAG_AA_TEXT);
      }
      expect(contrastRatio(t.featuredText, t.featuredBg)).toBeGreaterThanOrEqual(WCAG_AA_TEXT);
    }
  });

  it("keeps text readable on any custom background colour", () => {
    for (const background of ["#ffffff", "#000000", "#777777", "#ffeb3b", "#1a237e", "#ff5722"]) {
      for (const preset of THEME_PRESETS) {
        const t = resolveTheme({ preset, background });
        expect(t.bg).toBe(background);
        expect(t.bgImage).toBe("none");
        expect(contrastRatio(t.text, background), `${preset} on ${background}`).toBeGreaterThanOrEqual(WCAG_AA_TEXT);
        expect(contrastRatio(t.muted, background), `${preset} muted on ${background}`).toBeGreaterThanOrEqual(WCAG_AA_TEXT);
      }
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
