import type { StoredCounts } from "../db/click-counts";
import type { PageIndexRow } from "../db/pages";
import { readPageAndCounts, type RowAccess } from "../db/range-counts";
import { sendViewsNow } from "../actions/count-views";
import { linkPageStub } from "../link-page/stub";
import { AppError, fieldError } from "../lib/errors";
import { HOUR_MS, hourOf } from "../lib/time";
import type { Analytics } from "../schemas/analytics";
import { startOfLocalDay } from "./buckets";
import { cachedCounts, type CountsKey, freshCounts, peekCounts, rememberCounts, usable } from "./counts-cache";
import { buildReport } from "./report";

const MAX_HOURS = { hour: 24 * 31, day: 24 * 400 } as const;

export interface AnalyticsQuery {
  fromMs: number;
  toMs: number;
  granularity: "hour" | "day";
  tz: string;
}

export interface HourRange {
  fromHour: number;
  toHour: number;
  granularity: "hour" | "day";
  tz: string;
}

/**
 * Why a range is too long to ask for, or null. The one place that decides it, for the API and the
 * dashboard's range picker alike: the span asked for, not the whole hours it widens to, with 2
 * hours' slack for clock changes in a range of calendar days in a zone with daylight saving.
 */
export function spanProblem(q: Pick<AnalyticsQuery, "fromMs" | "toMs" | "granularity">): string | null {
  if (q.toMs - q.fromMs <= (MAX_HOURS[q.granularity] + 2) * HOUR_MS) return null;
  return q.granularity === "hour" ? "hourly ranges may span at most 31 days" : "ranges may span at most 400 days";
}

/** The whole hours a query covers (from the start of its first local day, by day); 400 when unusable. */
export function hourRange(q: AnalyticsQuery): HourRange {
  if (q.fromMs >= q.toMs) throw fieldError(["from"], "must be before `to`");
  let fromHour = hourOf(q.fromMs);
  const toHour = Math.ceil(q.toMs / HOUR_MS);
  if (q.granularity === "day") fromHour = startOfLocalDay(fromHour, q.tz);
  const tooLong = spanProblem(q);
  if (tooLong) throw fieldError(["from"], tooLong);
  return { fromHour, toHour, granularity: q.granularity, tz: q.tz };
}

// Which page a slug named for a caller who passed the access check, and whether the DO said pro, as
// this isolate last saw it: tells whether a snapshot of the range is remembered (counts-cache.ts)
// before the page's row is read. Keyed by caller too, so a caller without access never takes the
// faster remembered path. Only a guess, checked against the row and the DO before anything is used.
const recentPages = new Map<string, { id: string; pro: boolean }>();
const MAX_RECENT_PAGES = 10_000;

const callerKey = (slug: string, access: RowAccess) => `${slug}|${"ownerId" in access ? `u:${access.ownerId}` : `c:${access.claimTokenHash}`}`;

function rememberPage(key: string, seen: { id: string; pro: boolean }): void {
  recentPages.delete(key);
  recentPages.set(key, seen);
  if (recentPages.size > MAX_RECENT_PAGES) recentPages.delete(recentPages.keys().next().value!);
}

/**
 * The page: its row already read (the dashboard), or read by slug with the caller's proven access
 * (the API): `check` is the caller's access check, given the lookup to read the row with.
 */
export type AnalyticsPage =
  | { slug: string; row: PageIndexRow }
  | { slug: string; access: RowAccess; check: (lookup: (slug: string) => Promise<PageIndexRow | null>) => Promise<PageIndexRow> };

/**
 * A page's analytics over a range: D1 aggregates merged with clicks and views still in the DO's buffer.
 * Shared by the API and the dashboard so both count exactly the same way. The DO's buffer is read
 * alongside D1, and the API's access check reads the page's row in the same D1 batch as the counts
 * (one round trip); nothing is answered unless the check passes. Read in any order, the two halves
 * are exact together under counts-cache.ts's rule.
 */
export async function pageAnalytics(env: Cloudflare.Env, page: AnalyticsPage, r: HourRange): Promise<Analytics> {
  await sendViewsNow(env, page.slug); // this isolate's own counted views first (actions/count-views.ts)
  const reading = linkPageStub(env, page.slug).bufferedAnalytics(r.fromHour * HOUR_MS, r.toHour * HOUR_MS);
  reading.catch(() => {}); // when the access check fails first, this answer is not wanted
  const utcDays = r.granularity === "day" && r.tz === "UTC" && r.fromHour % 24 === 0;
  const key = (pageId: string, dimensions: boolean): CountsKey => ({ pageId, fromHour: r.fromHour, toHour: r.toHour, dimensions, utcDays });
  // Countries and referrers are read for pro pages only. Reads start on a guess of the plan (the row's,
  // or the DO's from last time); the DO's copy decides, and a wrong guess costs one more read.
  const proOf = (row: PageIndexRow) => row.owner_plan === "pro";
  let row: PageIndexRow;
  let early: { counts: Promise<StoredCounts>; dimensions: boolean } | null = null;
  let remember: ((pro: boolean) => void) | null = null;
  if ("row" in page) {
    row = page.row;
    if (row.owner_plan !== undefined) early = { counts: cachedCounts(env.DB, key(row.id, proOf(row))), dimensions: proOf(row) };
  } else {
    // The plan decides the statements before the row is read: guessed from the last time (a page
    // this isolate has not seen is guessed free, and read again if its row says pro).
    const caller = callerKey(page.slug, page.access);
    const seen = recentPages.get(caller);
    const guessPro = seen?.pro ?? false;
    const remembered = seen ? peekCounts(key(seen.id, guessPro)) : null;
    // The row and the counts in one batch; with a remembered snapshot, the counts only if D1 moved on.
    const both = readPageAndCounts(env.DB, page, r.fromHour, r.toHour, { dimensions: guessPro, utcDays, unlessWatermark: remembered?.watermark });
    both.catch(() => {});
    row = await page.check(async () => (await both).row);
    const { counts } = await both;
    const samePage = row.id === seen?.id;
    if (remembered && samePage && counts.watermark === remembered.watermark) {
      early = { counts: Promise.resolve(remembered), dimensions: guessPro };
    } else if (!remembered || counts.watermark > remembered.watermark) {
      // Read in full (no snapshot held, or D1 moved past it): the row's page's counts.
      rememberCounts(key(row.id, guessPro), counts);
      early = { counts: Promise.resolve(counts), dimensions: guessPro };
    }
    const id = row.id;
    remember = (pro) => rememberPage(caller, { id, pro });
  }
  early?.counts.catch(() => {}); // unused when the DO's plan says other dimensions
  const buffered = await reading;
  // No page in the DO, or another page than the row's (deleted and re-created meanwhile): not found.
  if (!buffered || buffered.pageId !== row.id) throw new AppError("not_found", `There is no page "${row.slug}".`);
  const dimensions = buffered.plan === "pro";
  remember?.(dimensions); // the DO's plan: the better guess next time
  let stored = early?.dimensions === dimensions ? await early.counts : await cachedCounts(env.DB, key(row.id, dimensions));
  // A flush confirmed after that snapshot was taken: its clicks have left the buffer, so re-read. A
  // shard's flush does not move the page's watermark, so a page with shards always reads D1 afresh.
  if (buffered.shards.length > 0 || !usable(stored, buffered.flushedSeq)) stored = await freshCounts(env.DB, key(row.id, dimensions));
  return buildReport({ ...r, stored, buffered });
}
