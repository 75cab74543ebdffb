// A page's analytics over a range, for the API, the MCP tool and the dashboard alike, so all count
// exactly the same way. Three steps: (1) authorise, (2) read the stored counts (D1), (3) merge the
// buffered ones (the page's DO and its click shards). Step 2 needs what the DO says (its plan and
// confirmed flush watermark), so the DO is asked first, side by side with D1, and its answer is not
// looked at before step 1 has passed (docs/performance.md#what-we-changed-for-speed, 5 and 6).
import { sendViewsNow } from "../actions/count-views";
import { readCounts, type StoredCounts } from "../db/click-counts";
import type { PageIndexRow } from "../db/pages";
import { readPageAndCounts, type RowAccess } from "../db/range-counts";
import { linkPageStub } from "../link-page/stub";
import { AppError } from "../lib/errors";
import { HOUR_MS } from "../lib/time";
import type { BufferedAnalytics } from "../link-page/link-page";
import type { Analytics } from "../schemas/analytics";
import type { HourRange } from "./hour-range";
import { mergeCounts } from "./merge-counts";
import { AnalyticsSnapshots, type SnapshotKey } from "./snapshots";

const snapshots = new AnalyticsSnapshots();

/**
 * The page: its row already checked (the dashboard's owned-page guard), or a slug and the caller's
 * proven credentials (the API): `check` is the caller's access check, given the lookup to read the row with.
 */
export type AnalyticsPage =
  | { slug: string; row: PageIndexRow }
  | { slug: string; access: RowAccess; check: (lookup: (slug: string) => Promise<PageIndexRow | null>) => Promise<PageIndexRow> };

/** A first D1 read of the counts, started before the DO said which dimensions the page has. */
type EarlyCounts = { counts: Promise<StoredCounts>; dimensions: boolean } | null;

export async function pageAnalytics(env: Cloudflare.Env, page: AnalyticsPage, r: HourRange): Promise<Analytics> {
  await sendViewsNow(env, page.slug); // this isolate's own counted views first (actions/count-views.ts)
  const asking = linkPageStub(env, page.slug).bufferedAnalytics(r.fromHour * HOUR_MS, r.toHour * HOUR_MS);
  asking.catch(() => {}); // when step 1 fails, this answer is not wanted
  const read = readOf(env.DB, r);

  // 1. Authorise: the page's row, checked for the caller. The API reads the row in the same D1 batch
  //    as a first read of the counts (one round trip; nothing is answered unless the check passes).
  const { row, early } = "row" in page ? dashboardRow(read, page.row) : await checkedRow(env.DB, read, page);

  // 2. Stored counts: as of a D1 watermark the DO's buffer still covers, with the dimensions its plan says.
  const buffered = await asking;
  // No page in the DO, or another page than the row's (deleted and re-created meanwhile): not found.
  if (!buffered || buffered.pageId !== row.id) throw new AppError("not_found", `There is no page "${row.slug}".`);
  if (!("row" in page)) snapshots.notePage(page.slug, page.access, { id: row.id, pro: buffered.plan === "pro" });
  const stored = await storedCounts(read, row.id, buffered, early);

  // 3. Merge: the buffered clicks and views D1 does not include yet.
  return mergeCounts({ ...r, stored, buffered });
}

/** How to name and read this range's D1 snapshot of a page. */
function readOf(db: D1Database, r: HourRange) {
  const utcDays = r.granularity === "day" && r.tz === "UTC" && r.fromHour % 24 === 0;
  const key = (pageId: string, dimensions: boolean): SnapshotKey => ({ pageId, fromHour: r.fromHour, toHour: r.toHour, dimensions, utcDays });
  const fresh = async (k: SnapshotKey) => {
    const counts = await readCounts(db, k.pageId, k.fromHour, k.toHour, { dimensions: k.dimensions, utcDays });
    snapshots.keep(k, counts);
    return counts;
  };
  return { r, utcDays, key, fresh, remembered: (k: SnapshotKey) => snapshots.get(k) ?? fresh(k) };
}
type Read = ReturnType<typeof readOf>;

/** The dashboard's row is checked already: start the counts its plan suggests. */
function dashboardRow(read: Read, row: PageIndexRow): { row: PageIndexRow; early: EarlyCounts } {
  if (row.owner_plan === undefined) return { row, early: null };
  const dimensions = row.owner_plan === "pro";
  const early = { counts: Promise.resolve(read.remembered(read.key(row.id, dimensions))), dimensions };
  early.counts.catch(() => {}); // unused when the DO's plan says other dimensions
  return { row, early };
}

/**
 * The API: the row and the counts by slug in one batch, counts only for a caller the SQL lets in.
 * Which dimensions to read is guessed from this caller's last read of the slug (a page not seen is
 * guessed free); with a snapshot held, D1 re-reads the counts only if its watermark moved past it.
 */
async function checkedRow(db: D1Database, read: Read, page: Extract<AnalyticsPage, { access: RowAccess }>) {
  const seen = snapshots.pageSeen(page.slug, page.access);
  const dimensions = seen?.pro ?? false;
  const held = seen ? snapshots.get(read.key(seen.id, dimensions)) : null;
  const both = readPageAndCounts(db, page, read.r.fromHour, read.r.toHour, { dimensions, utcDays: read.utcDays, unlessWatermark: held?.watermark });
  both.catch(() => {});
  const row = await page.check(async () => (await both).row);
  const { counts } = await both;
  let early: EarlyCounts = null;
  if (held && row.id === seen?.id && counts.watermark === held.watermark) {
    early = { counts: Promise.resolve(held), dimensions };
  } else if (!held || counts.watermark > held.watermark) {
    snapshots.keep(read.key(row.id, dimensions), counts); // read in full: the row's page's counts
    early = { counts: Promise.resolve(counts), dimensions };
  }
  return { row, early };
}

/** Step 2: the early read if its dimensions are the DO's, else a remembered or fresh snapshot; re-read unless usable. */
async function storedCounts(read: Read, pageId: string, buffered: BufferedAnalytics, early: EarlyCounts): Promise<StoredCounts> {
  const k = read.key(pageId, buffered.plan === "pro");
  const stored = early?.dimensions === k.dimensions ? await early.counts : await read.remembered(k);
  // A shard's flush does not move the page's watermark, so a page with shards always reads D1 afresh.
  if (buffered.shards.length > 0 || !AnalyticsSnapshots.usable(stored, buffered.flushedSeq)) return read.fresh(k);
  return stored;
}
