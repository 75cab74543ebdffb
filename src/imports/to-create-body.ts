// A draft (untrusted, in the source's terms) → the body of POST /pages, through the same schemas a
// create uses. Links that fail them are left out and named in `dropped`; the page itself (slug, name,
// bio) must pass or the import is refused with the create's own field errors (docs/imports.md).
import { CreatePageSchema, LinkInputSchema, MAX_LINKS, MAX_SOCIALS, SocialInputSchema, type CreatePageInput, type LinkInput } from "../schemas/page";
import { ThemeSchema } from "../schemas/theme";
import { REASON, type Draft, type DraftLink, type DraftSocial, type Dropped } from "./draft";

export interface ImportPlan {
  body: CreatePageInput;
  dropped: Dropped[];
}

const NAME_MAX = 64;
const BIO_MAX = 280;

/** A header in the create body, through the create's own link schema; null when it refuses it. */
export function headerToCreate(h: DraftLink): LinkInput | null {
  const parsed = LinkInputSchema.safeParse({ type: "header", title: h.title.trim() });
  return parsed.success ? parsed.data : null;
}

/** A social profile in the create body, when its address is a platform we recognise (the platform is derived). */
export function socialToCreate(s: DraftSocial): { url: string } | null {
  const parsed = SocialInputSchema.safeParse({ url: s.url });
  return parsed.success ? { url: parsed.data.url } : null;
}

/** Cut to at most `max` UTF-16 units (what the schema counts) without splitting a character, ending in "…". */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  while (chars.join("").length > max - 1) chars.pop();
  return chars.join("").trimEnd() + "…";
}

function hostOf(url: string | undefined): string {
  try {
    return new URL(url ?? "").hostname;
  } catch {
    return "";
  }
}

export function toCreateBody(draft: Draft, slug: string): ImportPlan {
  const dropped = [...draft.dropped];
  if (draft.photo) dropped.push({ where: draft.photo.where, what: "photo", reason: REASON.photo });
  const socials: { url: string }[] = [];
  for (const s of draft.socials) {
    const social = socialToCreate(s);
    const what = `social profile ${s.url.slice(0, 80)}`;
    if (!social) dropped.push({ where: s.where, what, reason: "not a profile address MeLinks recognises as a social icon; add it as a link instead" });
    else if (socials.length >= MAX_SOCIALS) dropped.push({ where: s.where, what, reason: `a page can have at most ${MAX_SOCIALS} social icons` });
    else socials.push(social);
  }

  const links: LinkInput[] = [];
  for (const l of draft.links) {
    if (l.kind === "header") {
      const h = headerToCreate(l);
      if (h) links.push(h);
      else dropped.push({ where: l.where, what: `header “${l.title.slice(0, 60)}”`, reason: "refused as any create would refuse it (an empty or too long title)" });
      continue;
    }
    const candidate = { title: l.title.trim() || hostOf(l.url) || "Link", url: l.url ?? "", ...(l.enabled === false ? { enabled: false } : {}), startsAt: l.startsAt, endsAt: l.endsAt };
    const parsed = LinkInputSchema.safeParse(candidate);
    if (parsed.success) links.push(parsed.data);
    else {
      const why = parsed.error.issues.map((i) => `${i.path.join(".") || "link"} ${i.message}`).join("; ");
      dropped.push({ where: l.where, what: `link “${candidate.title.slice(0, 60)}”`, reason: `refused as any create would refuse it: ${why}` });
    }
  }
  if (links.length > MAX_LINKS) {
    dropped.push({ where: "links", what: `${links.length - MAX_LINKS} link(s) after the first ${MAX_LINKS}`, reason: `a page can have at most ${MAX_LINKS} links` });
    links.length = MAX_LINKS;
  }

  const displayName = draft.displayName.trim();
  const bio = draft.bio.trim();
  if (displayName.length > NAME_MAX) dropped.push({ where: "displayName", what: "the end of the name", reason: `shortened to ${NAME_MAX} characters` });
  if (bio.length > BIO_MAX) dropped.push({ where: "bio", what: "the end of the bio", reason: `shortened to ${BIO_MAX} characters` });
  let theme;
  if (draft.theme !== undefined) {
    const t = ThemeSchema.safeParse(draft.theme);
    if (t.success) theme = t.data;
    else dropped.push({ where: "theme", what: "theme", reason: "not a MeLinks theme: the default is used" });
  }
  // The create's own schema, as POST /pages runs it: a ZodError here is a 400 naming the field.
  const body = CreatePageSchema.parse({ slug, displayName: shorten(displayName, NAME_MAX), bio: shorten(bio, BIO_MAX), ...(theme ? { theme } : {}), links, ...(socials.length ? { socials } : {}) });
  return { body, dropped };
}
