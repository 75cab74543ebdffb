// What the page DO's RPC methods take and answer (src/link-page/link-page.ts).
import type { Page, Plan } from "../schemas/page";
import type { BufferedClick, BufferedViews } from "./clicks";
import type { EditResult } from "./page-edits";

export type PageResult = { ok: true; page: Page; etag: string };
export type UpdateResult = PageResult | { ok: false; reason: "not_found" } | Exclude<EditResult, { ok: true }>;

/** Where a click goes: the link's URL, gone (page taken down), or nowhere (unknown or hidden link). */
export type LinkTarget = { url: string; gone?: undefined } | { gone: true; url?: undefined } | null;

export interface ClickInput {
  linkId: string;
  at: number;
  country: string;
  /** The carried referrer domain, as the visitor's URL had it: kept only if `referrerSig` is the page's own (lib/referrer.ts). */
  referrer: string | null;
  referrerSig?: string;
}

/** Page views an isolate counted for this page: `n` in the hour starting at `hourMs` (actions/count-views.ts). */
export interface ViewBatch {
  hourMs: number;
  n: number;
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
}
