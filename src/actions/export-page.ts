import { allCounts, type HourlyCount } from "../db/click-counts";
import type { PageIndexRow } from "../db/pages";
import { listSubscribers } from "../db/subscribers";
import { subscriberView } from "./subscriber-view";
import { listDeliveries, listWebhooks } from "../db/webhooks";
import { linkPageStub } from "../link-page/stub";
import { AppError } from "../lib/errors";
import { HOUR_MS, hourOf } from "../lib/time";
import { webhookView } from "../webhooks/view";
import { avatarBase64, storedAvatarOf } from "../media/photos";

/**
 * Everything held for a page (docs/contract.md#privacy-promises: owners see everything held): profile, links, theme and settings, every
 * hourly click and page-view aggregate (including those still buffered in the DO), listed subscribers (never ones
 * still waiting for their confirmation: they are not the owner's yet), and webhooks with
 * their recent deliveries. Never secrets (no claim token hash, no webhook signing secret).
 */
export async function exportPage(env: Cloudflare.Env, row: PageIndexRow) {
  const stub = linkPageStub(env, row.slug);
  // The DO buffer first, then D1 (see routes/analytics.ts): a flush in between is never lost or doubled.
  const [page, buffered] = await Promise.all([stub.get(), stub.bufferedAnalytics(0, Date.now() + HOUR_MS)]);
  if (!page || !buffered) throw new AppError("not_found", `There is no page "${row.slug}".`);
  const stored = await allCounts(env.DB, row.id);
  const merged = new Map<string, HourlyCount>();
  const add = (c: HourlyCount) => {
    const key = `${c.hour}|${c.link_id}|${c.country}|${c.referrer}`;
    const cur = merged.get(key);
    if (cur) cur.clicks += c.clicks;
    else merged.set(key, { ...c });
  };
  stored.rows.forEach(add);
  for (const b of buffered.clicks) {
    if (b.seq > stored.watermark) add({ hour: hourOf(b.at), link_id: b.linkId, country: b.country, referrer: b.referrer, clicks: 1 });
  }
  for (const sh of buffered.shards) {
    const counted = stored.shardWatermarks.get(sh.name) ?? 0; // a click shard's own watermark (docs/performance.md#click-shards-built)
    for (const b of sh.clicks) if (b.seq > counted) add({ hour: hourOf(b.at), link_id: b.linkId, country: b.country, referrer: b.referrer, clicks: 1 });
  }
  const views = new Map(stored.views.map((v) => [v.hour, v.views]));
  for (const b of buffered.views) if (b.seq > stored.watermark) views.set(hourOf(b.at), (views.get(hourOf(b.at)) ?? 0) + b.n);
  const subscribers = [];
  let after: { createdAt: string; email: string } | undefined;
  for (;;) {
    const batch = await listSubscribers(env.DB, row.id, 1000, after);
    subscribers.push(...batch.map(subscriberView));
    if (batch.length < 1000) break;
    after = { createdAt: batch.at(-1)!.created_at, email: batch.at(-1)!.email };
  }
  const [hooks, deliveries] = await Promise.all([listWebhooks(env.DB, row.id), listDeliveries(env.DB, row.id)]);
  const avatar = storedAvatarOf(page.page.avatar);
  const photo = avatar && (await avatarBase64(env.PHOTOS, row.id, avatar.hash));
  return {
    exportedAt: new Date().toISOString(),
    page: page.page,
    // The profile photo's bytes, as stored (a re-encoded JPEG): the export stands without our origin.
    photo: photo ? { contentType: "image/jpeg", base64: photo } : null,
    analytics: {
      note: "Clicks per UTC hour. Free pages record only link and time; country and referrer domain are pro-only (empty = not recorded).",
      hourly: [...merged.values()]
        .sort((a, b) => a.hour - b.hour || a.link_id.localeCompare(b.link_id))
        .map((c) => ({ hour: new Date(c.hour * HOUR_MS).toISOString(), linkId: c.link_id, country: c.country || null, referrer: c.referrer || null, clicks: c.clicks })),
      viewsNote: "Page views per UTC hour: a plain counter, nothing about the visitor.",
      hourlyViews: [...views].sort((a, b) => a[0] - b[0]).map(([hour, n]) => ({ hour: new Date(hour * HOUR_MS).toISOString(), views: n })),
    },
    subscribers,
    webhooks: hooks.map((w) => webhookView(w, deliveries)),
  };
}

/**
 * The export's HTML copy: works wherever it is opened or hosted (absolute addresses on `origin`, the
 * caller's publicOrigin; photo embedded).
 */
export async function exportPageHtml(env: Cloudflare.Env, row: PageIndexRow, origin: string): Promise<string | null> {
  const stub = linkPageStub(env, row.slug);
  const avatar = storedAvatarOf((await stub.get())?.page.avatar ?? null);
  const photo = avatar && (await avatarBase64(env.PHOTOS, row.id, avatar.hash));
  return stub.staticHtml(Date.now(), photo ? `data:image/jpeg;base64,${photo}` : undefined, origin);
}
