import { contrastRatio, readableOn, WCAG_AA_TEXT } from "../lib/contrast";
import type { Theme } from "../schemas/theme";
import type { BUTTON_STYLES, FONTS, THEME_PRESETS } from "../schemas/theme";

interface Palette {
  bg: string;
  text: string;
  muted: string;
  accent: string;
  /** A gradient's two stops (drawn top to bottom-right); `bg` is the colour under it while it loads. */
  gradient?: [string, string];
}

/** Every preset keeps text and muted text ≥ 4.5:1 on every colour of its background (checked by test/unit/themes). */
export const PRESETS: Record<(typeof THEME_PRESETS)[number], Palette> = {
  classic: { bg: "#ffffff", text: "#1f2328", muted: "#57606a", accent: "#0b57d0" },
  midnight: { bg: "#0d1117", text: "#e6edf3", muted: "#9da7b3", accent: "#58a6ff" },
  sunset: { bg: "#fff4ec", text: "#3b1d12", muted: "#6e3b25", accent: "#c2410c" },
  forest: { bg: "#0f2419", text: "#e8f5ec", muted: "#a8c8b4", accent: "#4ade80" },
  ocean: { bg: "#e8f4fb", text: "#0b2e42", muted: "#2f5d75", accent: "#0369a1" },
  paper: { bg: "#f7f3e9", text: "#2b2620", muted: "#5e554a", accent: "#7c2d12" },
  mono: { bg: "#000000", text: "#ffffff", muted: "#bbbbbb", accent: "#ffffff" },
  aurora: { bg: "#1e1b4b", text: "#f5f3ff", muted: "#d4cbff", accent: "#a78bfa", gradient: ["#1e1b4b", "#4c1d95"] },
  peach: { bg: "#fff1eb", text: "#3b1a0c", muted: "#6b3420", accent: "#b4380f", gradient: ["#fff1eb", "#ffd6c2"] },
  lagoon: { bg: "#e0f7f4", text: "#06303a", muted: "#25505c", accent: "#0f6e7c", gradient: ["#e0f7f4", "#c4e4f6"] },
  dusk: { bg: "#2b1055", text: "#fff5f7", muted: "#f6cfe0", accent: "#ff9e7a", gradient: ["#2b1055", "#6d1f4b"] },
  blossom: { bg: "#fdf2f8", text: "#3f1d38", muted: "#69385f", accent: "#be185d", gradient: ["#fdf2f8", "#e9e3fd"] },
  slate: { bg: "#1e293b", text: "#f1f5f9", muted: "#cbd5e1", accent: "#38bdf8" },
  meadow: { bg: "#f0fdf4", text: "#14331f", muted: "#3b5a44", accent: "#15803d", gradient: ["#f0fdf4", "#fdf8d8"] },
};

/** System font stacks only: no remote fonts (docs/privacy.md). */
export const FONT_STACKS: Record<(typeof FONTS)[number], string> = {
  system: 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif',
  serif: 'Charter,"Bitstream Charter","Sitka Text",Cambria,Georgia,serif',
  mono: 'ui-monospace,"Cascadia Code","Source Code Pro",Menlo,Consolas,"DejaVu Sans Mono",monospace',
  rounded: 'ui-rounded,"Hiragino Maru Gothic ProN",Quicksand,Comfortaa,Manjari,"Arial Rounded MT",Calibri,sans-serif',
  humanist: 'Seravek,"Gill Sans Nova",Ubuntu,Calibri,"DejaVu Sans",source-sans-pro,sans-serif',
};

type ButtonStyle = (typeof BUTTON_STYLES)[number];

/** Per button style: corner radius, outline (transparent fill, accent border) or filled, and its shadow. */
export const BUTTON_LOOKS: Record<ButtonStyle, { radius: string; outline: boolean; shadow: "none" | "hard" | "soft" }> = {
  rounded: { radius: "12px", outline: false, shadow: "none" },
  pill: { radius: "999px", outline: false, shadow: "none" },
  square: { radius: "0", outline: false, shadow: "none" },
  outline: { radius: "12px", outline: true, shadow: "none" },
  "outline-pill": { radius: "999px", outline: true, shadow: "none" },
  shadow: { radius: "8px", outline: false, shadow: "hard" },
  "soft-shadow": { radius: "14px", outline: false, shadow: "soft" },
};

export interface ResolvedTheme {
  bg: string;
  /** CSS background-image: the preset's gradient, or none. */
  bgImage: string;
  text: string;
  muted: string;
  buttonBg: string;
  buttonText: string;
  buttonBorder: string;
  /** Featured links are always filled with the accent, whatever the button style. */
  featuredBg: string;
  featuredText: string;
  shadow: string;
  radius: string;
  font: string;
}

/** Every colour the page background shows: a custom colour, or the preset's colour and gradient stops. */
export function backgroundColours(theme: Pick<Theme, "preset" | "background">): string[] {
  if (theme.background) return [theme.background];
  const p = PRESETS[theme.preset] ?? PRESETS.classic;
  return p.gradient ? [p.bg, ...p.gradient] : [p.bg];
}

const worstContrast = (fg: string, bgs: string[]) => Math.min(...bgs.map((b) => contrastRatio(fg, b)));

/**
 * Turn a stored theme into concrete colours. Text is chosen for contrast, so any accent or background a
 * user picks stays readable (≥ 4.5:1): filled buttons get black or white text; an outline button uses
 * the accent as text only when it reads on the background, else the page's text colour; a custom
 * background keeps the preset's text colours only where they still read on it.
 */
export function resolveTheme(theme: Theme): ResolvedTheme {
  const p = PRESETS[theme.preset] ?? PRESETS.classic;
  const bgs = backgroundColours(theme);
  const text = worstContrast(p.text, bgs) >= WCAG_AA_TEXT ? p.text : readableOn(bgs[0]!);
  const muted = worstContrast(p.muted, bgs) >= WCAG_AA_TEXT ? p.muted : text;
  const accent = theme.accent ?? p.accent;
  const look = BUTTON_LOOKS[theme.buttonStyle ?? "rounded"];
  const outlineText = worstContrast(accent, bgs) >= WCAG_AA_TEXT ? accent : text;
  return {
    bg: bgs[0]!,
    bgImage: !theme.background && p.gradient ? `linear-gradient(160deg,${p.gradient[0]},${p.gradient[1]})` : "none",
    text,
    muted,
    buttonBg: look.outline ? "transparent" : accent,
    buttonText: look.outline ? outlineText : readableOn(accent),
    buttonBorder: accent,
    featuredBg: accent,
    featuredText: readableOn(accent),
    shadow: look.shadow === "hard" ? `0 4px 0 ${text}` : look.shadow === "soft" ? "0 6px 18px rgba(0,0,0,.22)" : "none",
    radius: look.radius,
    font: FONT_STACKS[theme.font ?? "system"],
  };
}

/** The per-page CSS custom properties; the rest of the CSS is one constant (see page-css.ts). */
export function themeCss(t: ResolvedTheme): string {
  return `:root{--bg:${t.bg};--bg-img:${t.bgImage};--fg:${t.text};--muted:${t.muted};--btn-bg:${t.buttonBg};--btn-fg:${t.buttonText};--btn-border:${t.buttonBorder};--feat-bg:${t.featuredBg};--feat-fg:${t.featuredText};--shadow:${t.shadow};--radius:${t.radius};--font:${t.font}}`;
}
