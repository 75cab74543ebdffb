// Concurrent clicks on one page are grouped into shared DO calls (src/actions/batch-click.ts).
// Whatever the grouping, each visitor gets the answer for their own click, and each counted click
// is in the DO buffer exactly once.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BUSY_RETRY_AFTER_S, MAX_WAITING_CLICKS } from "../../src/lib/click-capacity";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage } from "../helpers/create-page";
import { doRows } from "../helpers/storage";

const analyticsTotal = async (slug: string, token: string) =>
  (await json(await call("GET", `/api/v1/pages/${slug}/analytics`, { token }))).totals.clicks as number;

/**
 * Hold the page's DO inside blockConcurrencyWhile until release() (the test and the DO share one
 * isolate, so a plain flag works; each side polls it on its own timers).
 */
function holdDo(slug: string) {
  const flag = { held: false, released: false };
  const done = runInDurableObject(env.LINK_PAGE.getByName(slug), (_i, state) =>
    state.blockConcurrencyWhile(async () => {
      flag.held = true;
      while (!flag.released) await new Promise((r) => setTimeout(r, 2));
    }),
  );
  return {
    async untilHeld() {
      while (!flag.held) await new Promise((r) => setTimeout(r, 2));
    },
    release: () => ((flag.released = true), done),
  };
}

describe("concurrent clicks on one page", () => {
  it("250 at once (more than one call's worth): every one redirected and counted once", async () => {
    const { slug, token, page } = await createPage();
    const link = page.links[0];
    const answers = await Promise.all(Array.from({ length: 250 }, () => click(slug, link.id)));
    for (const res of answers) {
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(link.url);
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    const rows = await doRows(slug, "clicks");
    expect(rows).toHaveLength(250);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(250);
    expect(await doRows(slug, "link_totals")).toEqual([{ link_id: link.id, total: 250 }]);
    expect(await analyticsTotal(slug, token)).toBe(250);
  });

  it("mixed in one group: each visitor gets their own link, and unknown or disabled links get 404", async () => {
    const { slug, token, page } = await createPage({
      links: [
        { title: "A", url: "https://a.example/" },
        { title: "B", url: "https://b.example/" },
        { title: "Off", url: "https://off.example/", enabled: false },
      ],
    });
    const [a, b, off] = page.links;
    const plan = Array.from({ length: 60 }, (_, i) => [a, b, off, { id: "ln_unknown" }][i % 4]!);
    const answers = await Promise.all(plan.map((l) => click(slug, l.id)));
    answers.forEach((res, i) => {
      const l = plan[i]!;
      if (l === a || l === b) {
        expect(res.status).toBe(302);
        expect(res.headers.get("location")).toBe(l.url);
      } else {
        expect(res.status).toBe(404);
      }
    });
    const totals = Object.fromEntries((await doRows(slug, "link_totals")).map((r) => [r.link_id, r.total]));
    expect(totals).toEqual({ [a.id]: 15, [b.id]: 15 });
    expect(await analyticsTotal(slug, token)).toBe(30);
  });

  it("clicks on different pages at once are counted on their own pages", async () => {
    const pages = await Promise.all([createPage(), createPage(), createPage()]);
    const answers = await Promise.all(pages.flatMap((p, k) => Array.from({ length: 10 * (k + 1) }, () => click(p.slug, p.page.links[0].id))));
    expect(answers.every((r) => r.status === 302)).toBe(true);
    for (const [k, p] of pages.entries()) expect(await doRows(p.slug, "clicks")).toHaveLength(10 * (k + 1));
  });

  it("a page deleted while clicks wait: the later ones are 404 and nothing is left behind", async () => {
    const { slug, token, page } = await createPage();
    const first = await Promise.all(Array.from({ length: 20 }, () => click(slug, page.links[0].id)));
    expect(first.every((r) => r.status === 302)).toBe(true);
    expect((await call("DELETE", `/api/v1/pages/${slug}`, { token })).status).toBe(204);
    const after = await Promise.all(Array.from({ length: 20 }, () => click(slug, page.links[0].id)));
    expect(after.every((r) => r.status === 404)).toBe(true);
    // destroy() emptied the DO: not even its tables are left to hold a late click.
    expect(await doRows(slug, "sqlite_master WHERE name = 'clicks'")).toEqual([]);
  });

  it("past the bound of waiting clicks a visitor gets a fast 503 page with Retry-After; every click sent is answered and counted once", async () => {
    const { slug, page } = await createPage();
    const link = page.links[0];
    const hold = holdDo(slug);
    await hold.untilHeld();
    // One click is in flight (the DO is held), MAX_WAITING_CLICKS wait behind it, and one more has no room.
    const all = Array.from({ length: MAX_WAITING_CLICKS + 2 }, () => click(slug, link.id));
    const refused = await Promise.race(all);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe(String(BUSY_RETRY_AFTER_S));
    expect(refused.headers.get("content-type")).toContain("text/html");
    expect(await refused.text()).toContain("very busy");
    await hold.release();
    const answers = await Promise.all(all);
    expect(answers.filter((r) => r.status === 302)).toHaveLength(MAX_WAITING_CLICKS + 1);
    expect(answers.filter((r) => r.status === 503)).toHaveLength(1);
    expect(await doRows(slug, "link_totals")).toEqual([{ link_id: link.id, total: MAX_WAITING_CLICKS + 1 }]);
  });
});
