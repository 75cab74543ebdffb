// The editor form without JavaScript: field names are the API's field paths (`links.0.url`), so the
// same names carry the API's field errors. Pure functions, no I/O.
import { contrastRatio, luminance, WCAG_AA_TEXT } from "../../lib/contrast";
import { backgroundColours, PRESETS } from "../../link-page/themes";
import { THEME_PRESETS } from "../../schemas/theme";
import type { Page } from "../../schemas/page";
import { formString } from "./forms";

export interface LinkDraft {
  id: string; // "" for a link not saved yet
  type: "link" | "header";
  title: string;
  url: string;
  enabled: boolean;
  /** `<input type=datetime-local>` values, in UTC when rendered by the server. */
  startsAt: string;
  endsAt: string;
  featured: boolean;
  /** "auto", "none" or a platform id. */
  icon: string;
  sensitive: boolean;
}

export interface SocialDraft {
  id: string;
  url: string;
}

export interface EditorDraft {
  displayName: string;
  bio: string;
  theme: { preset: string; accent: string; buttonStyle: string; font: string; background: string };
  links: LinkDraft[];
  socials: SocialDraft[];
  socialsPosition: string;
}

/** WCAG 2.1 SC 1.4.11: a button's shape needs 3:1 against the page; outline buttons show the accent as text (1.4.3). */
export const WCAG_AA_NON_TEXT = 3;

const toLocalInput = (iso?: string) => (iso ? new Date(iso).toISOString().slice(0, 16) : "");
const fromLocalInput = (v: string) => (v.trim() ? (/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v.length === 16 ? v + ":00" : v}Z`) : null);

export function draftFromPage(page: Page): EditorDraft {
  return {
    displayName: page.displayName,
    bio: page.bio,
    theme: { preset: page.theme.preset, accent: page.theme.accent ?? "", buttonStyle: page.theme.buttonStyle ?? "", font: page.theme.font ?? "", background: page.theme.background ?? "" },
    links: page.links.map((l) => ({
      id: l.id, type: l.type, title: l.title, url: l.url, enabled: l.enabled, startsAt: toLocalInput(l.startsAt), endsAt: toLocalInput(l.endsAt),
      featured: l.featured, icon: l.icon, sensitive: l.sensitive,
    })),
    socials: page.socials.map((s) => ({ id: s.id, url: s.url })),
    socialsPosition: page.socialsPosition,
  };
}

/** Form fields `list.N.field` grouped into rows, in index order. */
function formRows(form: Record<string, unknown>, list: string, fields: RegExp): Record<string, string>[] {
  const rows = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(form)) {
    const m = new RegExp(`^${list}\\.(\\d{1,3})\\.(${fields.source})$`).exec(key);
    if (!m) continue;
    const i = Number(m[1]);
    if (!rows.has(i)) rows.set(i, {});
    rows.get(i)![m[2]!] = formString(value);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);
}

export function draftFromForm(form: Record<string, unknown>): EditorDraft {
  const links = formRows(form, "links", /id|type|title|url|enabled|startsAt|endsAt|featured|icon|sensitive/).map((r): LinkDraft => ({
    id: r.id ?? "",
    type: r.type === "header" ? "header" : "link",
    title: r.title ?? "",
    url: r.url ?? "",
    enabled: r.enabled === "on",
    startsAt: r.startsAt ?? "",
    endsAt: r.endsAt ?? "",
    featured: r.featured === "on",
    icon: r.icon || "auto",
    sensitive: r.sensitive === "on",
  }));
  const socials = formRows(form, "socials", /id|url/).map((r) => ({ id: r.id ?? "", url: r.url ?? "" }));
  return {
    displayName: formString(form.displayName),
    bio: formString(form.bio),
    theme: {
      preset: formString(form["theme.preset"]),
      accent: formString(form["theme.accent"]).trim(),
      buttonStyle: formString(form["theme.buttonStyle"]),
      font: formString(form["theme.font"]),
      background: formString(form["theme.background"]).trim(),
    },
    links,
    socials,
    socialsPosition: formString(form.socialsPosition) === "bottom" ? "bottom" : "top",
  };
}

export const blankLink = (type: LinkDraft["type"] = "link"): LinkDraft => ({
  id: "", type, title: "", url: "", enabled: true, startsAt: "", endsAt: "", featured: false, icon: "auto", sensitive: false,
});

/** The editor's buttons without JavaScript: add a row (link, header or social), move one up or down, remove one. */
export function applyOp(draft: EditorDraft, op: string): EditorDraft {
  const links = [...draft.links];
  const socials = [...draft.socials];
  const m = /^(up|down|remove):(\d{1,3})$/.exec(op);
  const sm = /^social-remove:(\d{1,3})$/.exec(op);
  if (op === "add") links.push(blankLink());
  else if (op === "add-header") links.push(blankLink("header"));
  else if (op === "social-add") socials.push({ id: "", url: "" });
  else if (sm) socials.splice(Number(sm[1]), 1);
  else if (m) {
    const i = Number(m[2]);
    const j = m[1] === "up" ? i - 1 : i + 1;
    if (m[1] === "remove" && i < links.length) links.splice(i, 1);
    else if (m[1] !== "remove" && i < links.length && j >= 0 && j < links.length) [links[i], links[j]] = [links[j]!, links[i]!];
  }
  return { ...draft, links, socials };
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
      ...(d.theme.background ? { background: d.theme.background } : {}),
    },
    links: d.links.map((l) => ({
      ...(l.id ? { id: l.id } : {}),
      type: l.type,
      title: l.title,
      ...(l.type === "link" ? { url: l.url, featured: l.featured, icon: l.icon, sensitive: l.sensitive } : {}),
      enabled: l.enabled,
      startsAt: fromLocalInput(l.startsAt),
      endsAt: fromLocalInput(l.endsAt),
    })),
    socials: d.socials.map((s) => ({ ...(s.id ? { id: s.id } : {}), url: s.url })),
    socialsPosition: d.socialsPosition,
  };
}

/**
 * Why these colours can't be used together, per field, or {}. The dashboard refuses them before saving:
 * button shapes need 3:1 against every colour of the background (WCAG 1.4.11), an outline button's
 * accent-coloured text 4.5:1 (1.4.3). A custom accent is blamed first; with only a custom background,
 * the background is.
 */
export function colourProblems(theme: EditorDraft["theme"]): Record<string, string> {
  const hex = (s: string) => /^#[0-9a-fA-F]{6}$/.test(s);
  if (!(THEME_PRESETS as readonly string[]).includes(theme.preset)) return {};
  if (theme.accent && !hex(theme.accent)) return {}; // the schema reports the format
  if (theme.background && !hex(theme.background)) return {};
  const preset = theme.preset as keyof typeof PRESETS;
  const accent = (theme.accent || PRESETS[preset].accent).toLowerCase();
  const bgs = backgroundColours({ preset, background: theme.background ? theme.background.toLowerCase() : undefined });
  const need = theme.buttonStyle === "outline" || theme.buttonStyle === "outline-pill" ? WCAG_AA_TEXT : WCAG_AA_NON_TEXT;
  const worst = bgs.reduce((w, bg) => (contrastRatio(accent, bg) < contrastRatio(accent, w) ? bg : w));
  const ratio = contrastRatio(accent, worst);
  if (ratio >= need) return {};
  const field = theme.accent || !theme.background ? "theme.accent" : "theme.background";
  const darker = luminance(field === "theme.accent" ? worst : accent) > 0.18;
  return { [field]: `contrast between the accent and the background is ${ratio.toFixed(2)}:1; WCAG AA needs at least ${need}:1 here — pick a ${darker ? "darker" : "lighter"} colour` };
}
