// The shapes of a page's stored click and view counts: read by range-counts.ts, returned by click-counts.ts
// (their own file, so neither of the two imports the other).

export interface CountRow {
  key: string | number;
  clicks: number;
}

/** Page views in one hour (or the first hour of a UTC day, for a day series). */
export interface ViewRow {
  key: number;
  views: number;
}

export interface StoredCounts {
  byLink: CountRow[];
  byHour: CountRow[];
  /** Page views per hour, or per UTC day when read with `utcDays` (migrations/0014_view_counts.sql). */
  viewsByHour: ViewRow[];
  byCountry: CountRow[];
  byReferrer: CountRow[];
  /** Highest buffer seq already included in these counts (see link-page/flush-pass.ts). */
  watermark: number;
  /** The same per click shard of the page (docs/performance.md#click-shards-built). */
  shardWatermarks: Record<string, number>;
}
