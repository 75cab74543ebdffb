// The editor form without JavaScript: field names are the API's field paths (`links.0.url`), so the
// same names carry the API's field errors. Pure functions, no I/O.
import { contrastRatio, luminance, WCAG_AA_TEXT } from "../../lib/contrast";
import { PRESETS } from "../../link-page/themes";
import type { Page } from "../../schemas/page";
import { formString } from "./forms";

export interface LinkDraft {
  id: string; // "" for a link not saved yet
  title: string;
  url: string;
  enabled: boolean;
  /** `<input type=datetime-local>` values, in UTC when rendered by the server. */
  startsAt: string;
  endsAt: string;
}

export interface EditorDraft {
  displayName: string;
  bio: string;
  theme: { preset: string; accent: string; buttonStyle: string; font: string };
  links: LinkDraft[];
}

/** WCAG 2.1 SC 1.4.11: a button's shape needs 3:1 against the page; outline buttons show the accent as text (1.4.3). */
export const WCAG_AA_NON_TEXT = 3;

const toLocalInput = (iso?: string) => (iso ? new Date(iso).toISOString().slice(0, 16) : "");
const fromLocalInput = (v: string) => (v.trim() ? (/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v.length === 16 ? v + ":00" : v}Z`) : null);

export function draftFromPage(page: Page): EditorDraft {
  return {
    displayName: page.displayName,
    bio: page.bio,
    theme: { preset: page.theme.preset, accent: page.theme.accent ?? "", buttonStyle: page.theme.buttonStyle ?? "", font: page.theme.font ?? "" },
    links: page.links.map((l) => ({ id: l.id, title: l.title, url: l.url, enabled: l.enabled, startsAt: toLocalInput(l.startsAt), endsAt: toLocalInput(l.endsAt) })),
  };
}

export function draftFromForm(form: Record<string, unknown>): EditorDraft {
  const rows = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(form)) {
    const m = /^links\.(\d{1,3})\.(id|title|url|enabled|startsAt|endsAt)$/.exec(key);
    if (!m) continue;
    const i = Number(m[1]);
    if (!rows.has(i)) rows.set(i, {});
    rows.get(i)![m[2]!] = formString(value);
  }
  const links = [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, r]) => ({ id: r.id ?? "", title: r.title ?? "", url: r.url ?? "", enabled: r.enabled === "on", startsAt: r.startsAt ?? "", endsAt: r.endsAt ?? "" }));
  return {
    displayName: formString(form.displayName),
    bio: formString(form.bio),
    theme: {
      preset: formString(form["theme.preset"]),
      accent: formString(form["theme.accent"]).trim(),
      buttonStyle: formString(form["theme.buttonStyle"]),
      font: formString(form["theme.font"]),
    },
    links,
  };
}

export const blankLink = (): LinkDraft => ({ id: "", title: "", url: "", enabled: true, startsAt: "", endsAt: "" });

/** The editor's buttons without JavaScript: add a row, move one up or down, remove one. */
export function applyOp(draft: EditorDraft, op: string): EditorDraft {
  const links = [...draft.links];
  const m = /^(up|down|remove):(\d{1,3})$/.exec(op);
  if (op === "add") links.push(blankLink());
  else if (m) {
    const i = Number(m[2]);
    const j = m[1] === "up" ? i - 1 : i + 1;
    if (m[1] === "remove" && i < links.length) links.splice(i, 1);
    else if (m[1] !== "remove" && i < links.length && j >= 0 && j < links.length) [links[i], links[j]] = [links[j]!, links[i]!];
  }
  return { ...draft, links };
}

/** The draft as a PATCH body for PatchPageSchema (which does the real validation). */
export function patchFromDraft(d: EditorDraft): Record<string, unknown> {
  return {
    displayName: d.displayName,
    bio: d.bio,
    theme: {
      preset: d.theme.preset,
      ...(d.theme.accent ? { accent: d.theme.accent } : {}),
      ...(d.theme.buttonStyle ? { buttonStyle: d.theme.buttonStyle } : {}),
      ...(d.theme.font ? { font: d.theme.font } : {}),
    },
    links: d.links.map((l) => ({
      ...(l.id ? { id: l.id } : {}),
      title: l.title,
      url: l.url,
      enabled: l.enabled,
      startsAt: fromLocalInput(l.startsAt),
      endsAt: fromLocalInput(l.endsAt),
    })),
  };
}

/** Why this accent can't be used on this preset, or null. The dashboard refuses it before saving. */
export function accentProblem(theme: EditorDraft["theme"]): string | null {
  if (!/^#[0-9a-fA-F]{6}$/.test(theme.accent)) return null; // no custom accent, or the schema reports the format
  const bg = PRESETS[theme.preset as keyof typeof PRESETS]?.bg;
  if (!bg) return null;
  const ratio = contrastRatio(theme.accent.toLowerCase(), bg);
  const need = theme.buttonStyle === "outline" ? WCAG_AA_TEXT : WCAG_AA_NON_TEXT;
  if (ratio >= need) return null;
  return `contrast with the background is ${ratio.toFixed(2)}:1; WCAG AA needs at least ${need}:1 here — pick a ${luminance(bg) > 0.18 ? "darker" : "lighter"} colour`;
}
