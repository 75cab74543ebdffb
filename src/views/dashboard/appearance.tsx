import { PRESETS } from "../../link-page/themes";
import type { EditorDraft } from "../../routes/dashboard/editor-form";
import { BUTTON_STYLES, FONTS, THEME_PRESETS } from "../../schemas/theme";
import { Field, type FieldErrors } from "./fields";

const title = (s: string) => (s[0]!.toUpperCase() + s.slice(1)).replace("-", " ");

/** A miniature of a preset's page, drawn with SVG fill attributes (no inline style needed under our CSP). */
function PresetSwatch(p: { preset: keyof typeof PRESETS }) {
  const c = PRESETS[p.preset];
  const gid = `sw-${p.preset}`;
  return (
    <svg class="swatch" viewBox="0 0 80 96" width="80" height="96" aria-hidden="true" focusable="false">
      {c.gradient ? (
        <defs>
          <linearGradient id={gid} x1="0" y1="0" x2="1" y2="1">
            <stop offset="0" stop-color={c.gradient[0]} />
            <stop offset="1" stop-color={c.gradient[1]} />
          </linearGradient>
        </defs>
      ) : null}
      <rect x="0.5" y="0.5" width="79" height="95" rx="10" fill={c.gradient ? `url(#${gid})` : c.bg} stroke="#d0d5dd" />
      <circle cx="40" cy="20" r="8" fill={c.accent} />
      <rect x="24" y="33" width="32" height="5" rx="2.5" fill={c.text} />
      <rect x="29" y="42" width="22" height="3" rx="1.5" fill={c.muted} />
      <rect x="12" y="53" width="56" height="10" rx="5" fill={c.accent} />
      <rect x="12" y="67" width="56" height="10" rx="5" fill={c.accent} />
      <rect x="12" y="81" width="56" height="10" rx="5" fill={c.accent} />
    </svg>
  );
}

export function AppearanceEditor(p: { theme: EditorDraft["theme"]; errors: FieldErrors }) {
  const preset = (THEME_PRESETS as readonly string[]).includes(p.theme.preset) ? p.theme.preset : "classic";
  const presetError = p.errors["theme.preset"];
  return (
    <section class="card" aria-labelledby="look-h">
      <h2 id="look-h">Appearance</h2>
      <fieldset class="presets" aria-describedby={presetError ? "preset-err" : undefined}>
        <legend>Theme</legend>
        <div class="preset-grid">
          {THEME_PRESETS.map((name) => (
            <label class="preset">
              <input type="radio" name="theme.preset" value={name} checked={name === preset} />
              <PresetSwatch preset={name} />
              <span class="preset-name">{title(name)}</span>
            </label>
          ))}
        </div>
        {presetError ? <p class="field-error" id="preset-err">{presetError}</p> : null}
      </fieldset>
      <div class="look-fields">
        <Field
          name="theme.accent"
          label="Accent colour"
          value={p.theme.accent}
          errors={p.errors}
          maxlength={7}
          placeholder={`${PRESETS[preset as keyof typeof PRESETS].accent} (theme default)`}
          spellcheck={false}
          autocomplete="off"
          hint="As #rrggbb; empty uses the theme's colour. Colours too faint on the background (below WCAG AA) are refused."
          extra={
            <div class="accent-tools" data-js-only hidden>
              <input type="color" data-accent-picker aria-label="Pick the accent colour" value={p.theme.accent || PRESETS[preset as keyof typeof PRESETS].accent} />
              <span class="contrast" data-contrast aria-live="polite"></span>
              <button type="button" class="btn btn-sm btn-ghost" data-accent-reset aria-label="Reset to the theme's colour">Reset</button>
            </div>
          }
        />
        <Field
          name="theme.background"
          label="Background colour"
          value={p.theme.background}
          errors={p.errors}
          maxlength={7}
          placeholder={`${PRESETS[preset as keyof typeof PRESETS].bg} (theme default)`}
          spellcheck={false}
          autocomplete="off"
          hint="As #rrggbb; empty uses the theme's background (and its gradient). Text colours follow it so they stay readable."
          extra={
            <div class="accent-tools" data-js-only hidden>
              <input type="color" data-background-picker aria-label="Pick the background colour" value={p.theme.background || PRESETS[preset as keyof typeof PRESETS].bg} />
              <button type="button" class="btn btn-sm btn-ghost" data-background-reset aria-label="Reset to the theme's background">Reset</button>
            </div>
          }
        />
        <div class="field">
          <label for="f-theme-buttonStyle">Button style</label>
          <select id="f-theme-buttonStyle" name="theme.buttonStyle">
            {BUTTON_STYLES.map((s) => (
              <option value={s} selected={s === (p.theme.buttonStyle || "rounded")}>{title(s)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-theme-font">Font</label>
          <select id="f-theme-font" name="theme.font">
            {FONTS.map((f) => (
              <option value={f} selected={f === (p.theme.font || "system")}>{title(f)}</option>
            ))}
          </select>
        </div>
      </div>
    </section>
  );
}
