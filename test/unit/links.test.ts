import { describe, expect, it } from "vitest";
import { isLive, mergeLinks, nextScheduleChange } from "../../src/link-page/links";

let n = 0;
const newId = () => `new${n++}`;
const link = (id: string, extra = {}) => ({ id, title: id, url: "https://example.com/", enabled: true, ...extra });

describe("mergeLinks", () => {
  const existing = [link("a"), link("b")];

  it("keeps ids of existing links, mints ids for new ones, follows the given order", () => {
    const r = mergeLinks(existing, [{ id: "b", title: "B", url: "https://b.example/", enabled: false }, { title: "C", url: "https://c.example/", enabled: true }], newId);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.links.map((l) => l.id)).toEqual(["b", expect.stringMatching(/^new/)]);
    expect(r.links[0]).toMatchObject({ title: "B", enabled: false });
  });

  it("refuses an id that is not on the page, naming the item", () => {
    expect(mergeLinks(existing, [{ id: "zzz", title: "x", url: "https://x.example/", enabled: true }], newId)).toEqual({
      ok: false, field: ["links", 0, "id"], message: expect.stringContaining("not the id"),
    });
  });

  it("refuses a repeated id", () => {
    const item = { id: "a", title: "x", url: "https://x.example/", enabled: true };
    expect(mergeLinks(existing, [item, item], newId)).toMatchObject({ ok: false, field: ["links", 1, "id"] });
  });

  it("normalises schedule times to UTC ISO strings", () => {
    const r = mergeLinks([], [{ title: "x", url: "https://x.example/", enabled: true, startsAt: "2030-01-01T10:00:00+02:00" }], newId);
    expect(r.ok && r.links[0]!.startsAt).toBe("2030-01-01T08:00:00.000Z");
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
