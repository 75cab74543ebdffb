// What the page DO's RPC methods take and answer (src/link-page/link-page.ts).
import type { Page, Plan } from "../schemas/page";
import type { BufferedClick } from "./clicks";
import type { EditResult } from "./page-edits";

export type PageResult = { ok: true; page: Page; etag: string };
export type UpdateResult = PageResult | { ok: false; reason: "not_found" } | Exclude<EditResult, { ok: true }>;

/**
 * Where a click goes: the link's URL, gone (page taken down), or nowhere (unknown or hidden link).
 * `sensitive`: not counted yet; the visitor is asked first, and counted when they continue.
 */
export type LinkTarget =
  | { url: string; gone?: undefined; sensitive?: undefined }
  | { url: string; gone?: undefined; sensitive: true; title: string }
  | { gone: true; url?: undefined; sensitive?: undefined }
  | null;

export interface ClickInput {
  linkId: string;
  at: number;
  country: string;
  referrer: string | null;
  /** The visitor chose "continue" on a sensitive link's notice (only then is such a click counted). */
  continued?: boolean;
}

export interface BufferedAnalytics {
  pageId: string;
  plan: Plan;
  links: { id: string; title: string }[];
  clicks: BufferedClick[];
  /** The flush watermark this DO has confirmed: every click above it is in `clicks` (if in range). */
  flushedSeq: number;
}
