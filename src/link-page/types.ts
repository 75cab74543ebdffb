// What the page DO's RPC methods take and answer (src/link-page/link-page.ts).
import type { Page, Plan } from "../schemas/page";
import type { BufferedClick, BufferedViews } from "./clicks";
import type { EditResult } from "./page-edits";

export type PageResult = { ok: true; page: Page; etag: string };
export type UpdateResult =
  | PageResult
  | { ok: false; reason: "not_found" }
  /** This DO's page moved to `slug` (a rename landed first): the edit belongs there. */
  | { ok: false; reason: "moved"; slug: string }
  | Exclude<EditResult, { ok: true }>;

/**
 * A rename (link-page/mover.ts): `failed` = D1 failed and nothing changed; `pending` = stopped midway,
 * it is carried out again on its own shortly.
 */
export type MoveResult =
  | PageResult
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "slug_unavailable" }
  | { ok: false; reason: "pending" }
  | { ok: false; reason: "failed" }
  | Exclude<EditResult, { ok: true }>;

/**
 * Where a click goes: the link's URL, gone (page taken down), moved (the page was renamed: the
 * click belongs at the new address), or nowhere (unknown or hidden link).
 * `sensitive`: not counted yet; the visitor is asked first, and counted when they continue.
 */
export type LinkTarget =
  | { url: string; gone?: undefined; sensitive?: undefined; movedTo?: undefined }
  | { url: string; gone?: undefined; sensitive: true; title: string; movedTo?: undefined }
  | { gone: true; url?: undefined; sensitive?: undefined; movedTo?: undefined }
  | { movedTo: string; url?: undefined; gone?: undefined; sensitive?: undefined }
  | null;

export interface ClickInput {
  linkId: string;
  at: number;
  country: string;
  /** The carried referrer domain, as the visitor's URL had it: kept only if `referrerSig` is the page's own (lib/referrer.ts). */
  referrer: string | null;
  /** The visitor chose "continue" on a sensitive link's notice (only then is such a click counted). */
  continued?: boolean;
  referrerSig?: string;
}

/** Page views an isolate counted for this page: `n` in the hour starting at `hourMs` (actions/count-views.ts). */
export interface ViewBatch {
  hourMs: number;
  n: number;
}

/**
 * Views riding on a render call (actions/count-views.ts): `served` were answered with the page (counted
 * if the page exists, as countViews counts them); `ownHourMs` is the rendering request's own view,
 * counted only if the render answers with the page.
 */
export interface CarriedViews {
  served: ViewBatch[];
  ownHourMs?: number;
}

export interface BufferedAnalytics {
  pageId: string;
  plan: Plan;
  links: { id: string; title: string }[];
  clicks: BufferedClick[];
  /** Page-view batches still buffered (same seq and watermark as clicks). */
  views: BufferedViews[];
  /** The flush watermark this DO has confirmed: every click above it is in `clicks` (if in range). */
  flushedSeq: number;
  /** Each click shard's unflushed clicks, to merge above that shard's own D1 watermark (docs/analytics.md). */
  shards: { name: string; clicks: BufferedClick[] }[];
}

/** What a clicks RPC answers, from the page DO or a click shard: each click's target, in order. */
export interface ClicksAnswer {
  targets: LinkTarget[];
  /** Shards routers should use for this page now (0 = the page DO). */
  shards: number;
}
