// Create and PATCH semantics of a page (src/link-page/page-edits.ts), without storage: inputs go
// through the API's own zod schemas first, so defaults are the ones a request gets.
import { describe, expect, it } from "vitest";
import { applyPatch, matchesEtag, newPage, type NewIds } from "../../src/link-page/page-edits";
import { etagOf, type StoredPage } from "../../src/link-page/store";
import { CreatePageSchema, PatchPageSchema } from "../../src/schemas/page";

const NOW = "2030-01-01T00:00:00.000Z";
const LATER = "2030-01-02T00:00:00.000Z";

// Unique across calls, as the DO's random ids are: a PATCH never mints an id the page already has.
let minted = 0;
const ids = (): NewIds => ({ link: () => `l${++minted}`, social: () => `s${++minted}` });

function created(body: Record<string, unknown> = {}, owned?: { plan: "free" | "pro"; planVersion: number }): StoredPage {
  const input = CreatePageSchema.parse({ slug: "ada", displayName: "Ada", ...body });
  return newPage({ ...input, pageId: "p1", now: NOW, owned }, ids());
}

const patch = (cur: StoredPage, body: Record<string, unknown>, ifMatch?: string) =>
  applyPatch(cur, PatchPageSchema.parse(body), { ifMatch, now: LATER }, ids());

describe("newPage", () => {
  it("starts at version 1 with the schema's defaults: classic theme, free, unclaimed, signup off", () => {
    const page = created();
    expect(page).toMatchObject({
      pageId: "p1", slug: "ada", displayName: "Ada", bio: "", theme: { preset: "classic" }, plan: "free",
      claimed: false, status: "active", version: 1, avatar: null, emailSignup: { enabled: false },
      createdAt: NOW, updatedAt: NOW, links: [], socials: [], socialsPosition: "top",
    });
  });

  it("an owned page is claimed and carries its owner's plan", () => {
    expect(created({}, { plan: "pro", planVersion: 1 })).toMatchObject({ claimed: true, plan: "pro" });
  });

  it("mints an id for every link and social, in the given order, and derives a social's platform", () => {
    const page = created({
      links: [{ title: "A", url: "https://a.example/" }, { type: "header", title: "H" }],
      socials: [{ url: "https://github.com/ada" }],
    });
    expect(page.links.map((l) => [l.title, l.url])).toEqual([["A", "https://a.example/"], ["H", ""]]);
    expect(page.socials).toEqual([{ id: expect.stringMatching(/^s\d+$/), url: "https://github.com/ada", platform: "github" }]);
    const all = [...page.links, ...page.socials].map((i) => i.id);
    expect(all.every((id) => /^[ls]\d+$/.test(id)) && new Set(all).size === 3).toBe(true);
  });
});

describe("applyPatch", () => {
  const base = () => created({ bio: "old", links: [{ title: "A", url: "https://a.example/" }, { title: "B", url: "https://b.example/" }] });

  it("changes only the fields given, bumps the version and updatedAt, and leaves the input untouched", () => {
    const cur = base();
    const before = structuredClone(cur);
    const r = patch(cur, { displayName: "Ada L." });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.page).toEqual({ ...before, displayName: "Ada L.", version: 2, updatedAt: LATER });
    expect(cur).toEqual(before);
  });

  it("an empty PATCH is still an edit: a new version (and so a new ETag)", () => {
    const r = patch(base(), {});
    expect(r.ok && r.page.version).toBe(2);
    expect(r.ok && etagOf(r.page)).not.toBe(etagOf(base()));
  });

  it("links replace the list: kept ids stay, new items get new ids, missing ones are gone", () => {
    const cur = base();
    const [a] = cur.links;
    const r = patch(cur, { links: [{ title: "New", url: "https://n.example/" }, { id: a!.id, title: "A2", url: "https://a.example/" }] });
    expect(r).toMatchObject({ ok: true });
    if (!r.ok) return;
    expect(r.page.links.map((l) => l.title)).toEqual(["New", "A2"]);
    expect(r.page.links[0]!.id).not.toBe(a!.id);
    expect(r.page.links[1]!.id).toBe(a!.id);
    expect(r.page.socials).toEqual(cur.socials);
  });

  it("refuses an unknown link id, naming the item, and changes nothing", () => {
    const cur = base();
    const r = patch(cur, { displayName: "X", links: [{ id: "nope", title: "A", url: "https://a.example/" }] });
    expect(r).toEqual({ ok: false, reason: "invalid", field: ["links", 0, "id"], message: expect.stringContaining("not the id of a link") });
  });

  it("refuses a repeated social id", () => {
    const cur = created({ socials: [{ url: "https://github.com/ada" }] });
    const id = cur.socials[0]!.id;
    const r = patch(cur, { socials: [{ id, url: "https://github.com/ada" }, { id, url: "https://github.com/ada" }] });
    expect(r).toMatchObject({ ok: false, reason: "invalid", field: ["socials", 1, "id"] });
  });

  it("a slug other than the page's own is refused here (renames take their own path); the same slug is fine", () => {
    expect(patch(base(), { slug: "grace" })).toEqual({ ok: false, reason: "invalid", field: ["slug"], message: "cannot be changed" });
    expect(patch(base(), { slug: "ada" }).ok).toBe(true);
  });

  it("switching the signup form on is for pro pages only; switching it off is for anyone", () => {
    const on = { emailSignup: { enabled: true, heading: "News" } };
    expect(patch(base(), on)).toMatchObject({ ok: false, reason: "invalid", field: ["emailSignup", "enabled"] });
    const pro = patch({ ...base(), plan: "pro" }, on);
    expect(pro.ok && pro.page.emailSignup).toEqual({ enabled: true, heading: "News" });
    expect(patch(base(), { emailSignup: { enabled: false } }).ok).toBe(true);
  });

  it("If-Match: the current ETag (also weakened, or in a list, or *) applies the edit; a stale one is refused with the current ETag", () => {
    const cur = base();
    const etag = etagOf(cur);
    for (const header of [etag, `W/${etag}`, `"x", ${etag}`, "*"]) expect(patch(cur, { bio: "new" }, header).ok).toBe(true);
    expect(patch(cur, { bio: "new" }, etagOf({ pageId: "p1", version: 0 }))).toEqual({ ok: false, reason: "stale", etag });
  });
});

describe("matchesEtag", () => {
  it("compares whole tags, not prefixes or unquoted values", () => {
    expect(matchesEtag('"p1.1"', '"p1.12"')).toBe(false);
    expect(matchesEtag("p1.1", '"p1.1"')).toBe(false);
    expect(matchesEtag(' "a" ,W/"p1.1" ', '"p1.1"')).toBe(true);
  });
});
