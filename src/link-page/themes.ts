import { contrastRatio, readableOn, WCAG_AA_TEXT } from "../lib/contrast";
import type { Theme } from "../schemas/theme";
import type { BUTTON_STYLES, FONTS, THEME_PRESETS } from "../schemas/theme";

interface Palette {
  bg: string;
  text: string;
  muted: string;
  accent: string;
}

/** Every preset keeps text and muted text ≥ 4.5:1 on its background (checked by test/unit/themes). */
export const PRESETS: Record<(typeof THEME_PRESETS)[number], Palette> = {
  classic: { bg: "#ffffff", text: "#1f2328", muted: "#57606a", accent: "#0b57d0" },
  midnight: { bg: "#0d1117", text: "#e6edf3", muted: "#9da7b3", accent: "#58a6ff" },
  sunset: { bg: "#fff4ec", text: "#3b1d12", muted: "#6e3b25", accent: "#c2410c" },
  forest: { bg: "#0f2419", text: "#e8f5ec", muted: "#a8c8b4", accent: "#4ade80" },
  ocean: { bg: "#e8f4fb", text: "#0b2e42", muted: "#2f5d75", accent: "#0369a1" },
  paper: { bg: "#f7f3e9", text: "#2b2620", muted: "#5e554a", accent: "#7c2d12" },
  mono: { bg: "#000000", text: "#ffffff", muted: "#bbbbbb", accent: "#ffffff" },
};

/** System font stacks only: no remote fonts (SPEC §1, §3). */
export const FONT_STACKS: Record<(typeof FONTS)[number], string> = {
  system: 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif',
  serif: 'Charter,"Bitstream Charter","Sitka Text",Cambria,Georgia,serif',
  mono: 'ui-monospace,"Cascadia Code","Source Code Pro",Menlo,Consolas,"DejaVu Sans Mono",monospace',
  rounded: 'ui-rounded,"Hiragino Maru Gothic ProN",Quicksand,Comfortaa,Manjari,"Arial Rounded MT",Calibri,sans-serif',
  humanist: 'Seravek,"Gill Sans Nova",Ubuntu,Calibri,"DejaVu Sans",source-sans-pro,sans-serif',
};

const RADIUS: Record<(typeof BUTTON_STYLES)[number], string> = {
  rounded: "12px",
  pill: "999px",
  square: "0",
  outline: "12px",
};

export interface ResolvedTheme {
  bg: string;
  text: string;
  muted: string;
  buttonBg: string;
  buttonText: string;
  buttonBorder: string;
  radius: string;
  font: string;
}

/**
 * Turn a stored theme into concrete colours. Button text is chosen for contrast, so any accent a
 * user picks stays readable (≥ 4.5:1): filled buttons get black or white text; an outline button
 * uses the accent as text only when it reads on the background, else the preset's text colour.
 */
export function resolveTheme(theme: Theme): ResolvedTheme {
  const p = PRESETS[theme.preset] ?? PRESETS.classic;
  const accent = theme.accent ?? p.accent;
  const style = theme.buttonStyle ?? "rounded";
  const outline = style === "outline";
  const outlineText = contrastRatio(accent, p.bg) >= WCAG_AA_TEXT ? accent : p.text;
  return {
    bg: p.bg,
    text: p.text,
    muted: p.muted,
    buttonBg: outline ? "transparent" : accent,
    buttonText: outline ? outlineText : readableOn(accent),
    buttonBorder: accent,
    radius: RADIUS[style],
    font: FONT_STACKS[theme.font ?? "system"],
  };
}

/** The per-page CSS custom properties; the rest of the CSS is one constant (see page-css.ts). */
export function themeCss(t: ResolvedTheme): string {
  return `:root{--bg:${t.bg};--fg:${t.text};--muted:${t.muted};--btn-bg:${t.buttonBg};--btn-fg:${t.buttonText};--btn-border:${t.buttonBorder};--radius:${t.radius};--font:${t.font}}`;
}
