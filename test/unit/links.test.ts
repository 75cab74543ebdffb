import { describe, expect, it } from "vitest";
import { isLive, liveLink, mergeLinks, mergeSocials, nextScheduleChange } from "../../src/link-page/links";
import type { StoredPage } from "../../src/link-page/store";
import type { Link } from "../../src/schemas/page";

let n = 0;
const newId = () => `new${n++}`;
const link = (id: string, extra: Partial<Link> = {}): Link => ({ id, type: "link", title: id, url: "https://example.com/", enabled: true, featured: false, icon: "auto", sensitive: false, ...extra });
const input = (extra: Record<string, unknown>) => ({ type: "link" as const, title: "x", url: "https://x.example/", enabled: true, ...extra });

describe("mergeLinks", () => {
  const existing = [link("a"), link("b")];

  it("keeps ids of existing links, mints ids for new ones, follows the given order", () => {
    const r = mergeLinks(existing, [input({ id: "b", title: "B", url: "https://b.example/", enabled: false }), input({ title: "C", url: "https://c.example/" })], newId);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.items.map((l) => l.id)).toEqual(["b", expect.stringMatching(/^new/)]);
    expect(r.items[0]).toMatchObject({ title: "B", enabled: false });
  });

  it("refuses an id that is not on the page, naming the item", () => {
    expect(mergeLinks(existing, [input({ id: "zzz" })], newId)).toEqual({
      ok: false, field: ["links", 0, "id"], message: expect.stringContaining("not the id"),
    });
  });

  it("refuses a repeated id", () => {
    const item = input({ id: "a" });
    expect(mergeLinks(existing, [item, item], newId)).toMatchObject({ ok: false, field: ["links", 1, "id"] });
  });

  it("normalises schedule times to UTC ISO strings", () => {
    const r = mergeLinks([], [input({ startsAt: "2030-01-01T10:00:00+02:00" })], newId);
    expect(r.ok && r.items[0]!.startsAt).toBe("2030-01-01T08:00:00.000Z");
  });
});

describe("headers, flags and socials", () => {
  it("stores a header with no URL and a link's flags with their defaults", () => {
    const r = mergeLinks([], [{ type: "header", title: "Shop", enabled: true }, input({ featured: true, sensitive: true, icon: "none" }), input({})], newId);
    expect(r.ok && r.items.map(({ type, url, featured, icon, sensitive }) => ({ type, url, featured, icon, sensitive }))).toEqual([
      { type: "header", url: "", featured: false, icon: "auto", sensitive: false },
      { type: "link", url: "https://x.example/", featured: true, icon: "none", sensitive: true },
      { type: "link", url: "https://x.example/", featured: false, icon: "auto", sensitive: false },
    ]);
  });

  it("derives a social's platform from its URL and keeps ids like links do", () => {
    const r = mergeSocials([{ id: "s1", url: "https://github.com/ada", platform: "github" }], [{ url: "https://www.instagram.com/ada" }, { id: "s1", url: "https://bsky.app/profile/ada.bsky.social" }], newId);
    expect(r.ok && r.items).toEqual([
      { id: expect.stringMatching(/^new/), url: "https://www.instagram.com/ada", platform: "instagram" },
      { id: "s1", url: "https://bsky.app/profile/ada.bsky.social", platform: "bluesky" },
    ]);
    expect(mergeSocials([], [{ id: "nope", url: "https://github.com/ada" }], newId)).toMatchObject({ ok: false, field: ["socials", 0, "id"] });
  });

  it("a click reaches a live link or a social, never a header", () => {
    const page = {
      status: "active",
      links: [link("h", { type: "header", url: "" }), link("l", { sensitive: true }), link("off", { enabled: false })],
      socials: [{ id: "s", url: "https://github.com/ada", platform: "github" }],
    } as unknown as StoredPage;
    expect(liveLink(page, "h", 0)).toBeNull();
    expect(liveLink(page, "off", 0)).toBeNull();
    expect(liveLink(page, "l", 0)).toMatchObject({ url: "https://example.com/", sensitive: true });
    expect(liveLink(page, "s", 0)).toMatchObject({ url: "https://github.com/ada", sensitive: false });
  });
});

describe("isLive / nextScheduleChange", () => {
  const t = Date.parse("2030-01-01T00:00:00Z");
  const windowed = link("w", { startsAt: "2030-01-01T00:00:00.000Z", endsAt: "2030-01-02T00:00:00.000Z" });

  it("honours enabled and the [startsAt, endsAt) window", () => {
    expect(isLive(windowed, t - 1)).toBe(false);
    expect(isLive(windowed, t)).toBe(true);
    expect(isLive(windowed, t + 86_400_000 - 1)).toBe(true);
    expect(isLive(windowed, t + 86_400_000)).toBe(false);
    expect(isLive(link("d", { enabled: false }), t)).toBe(false);
  });

  it("finds the next boundary", () => {
    expect(nextScheduleChange([windowed], t - 5)).toBe(t);
    expect(nextScheduleChange([windowed], t)).toBe(t + 86_400_000);
    expect(nextScheduleChange([link("x")], t)).toBe(Infinity);
  });
});
