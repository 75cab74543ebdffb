// Telling a page's webhooks about a signup (subscriber.created), at least once, even when the signup's
// reply was lost: the row is stored unannounced, and marked only once its messages are queued
// (migrations/0008). A visitor's retry, or the sweep, announces what is still unannounced. Announcing
// twice is harmless: each endpoint's webhook-id is derived from the signup (webhooks/emit.ts).
import { findUnannounced, giveUpOnUnannounced, listUnannounced, markAnnounced, type Unannounced } from "../db/subscribers";
import type { Plan } from "../schemas/page";
import { emitEventOnce } from "../webhooks/emit";
import { pagePlan } from "../webhooks/policy";

/** How long a signup may stay unannounced before the sweep takes it over from its own request. */
export const SWEEP_AFTER_MS = 5 * 60_000;
const SWEEP_BATCH = 200;
export const GIVE_UP_AFTER_MS = 7 * 24 * 3_600_000;

/** Queue subscriber.created for one signup, then mark it announced. Never throws. */
export async function announceSignup(env: Cloudflare.Env, s: Unannounced, plan: Plan): Promise<boolean> {
  try {
    const data = { slug: s.slug, email: s.email, createdAt: s.created_at };
    const queued = await emitEventOnce(env, { pageId: s.page_id, slug: s.slug, plan }, "subscriber.created", data, `${s.page_id}|${s.email}|${s.created_at}`);
    if (queued) await markAnnounced(env.DB, s.page_id, s.email, new Date().toISOString());
    return queued;
  } catch (err) {
    console.error(`signups: announcing a signup on ${s.slug} failed; the sweep will retry`, err);
    return false;
  }
}

/** A signup that was already stored: announce it now if its own request never got to. */
export async function announceIfPending(env: Cloudflare.Env, pageId: string, email: string, plan: Plan): Promise<void> {
  const row = await findUnannounced(env.DB, pageId, email).catch(() => null);
  if (row) await announceSignup(env, row, plan);
}

/** The sweep (cron): signups left unannounced for SWEEP_AFTER_MS. Returns how many were announced. */
export async function announcePendingSignups(env: Cloudflare.Env, now = Date.now()): Promise<number> {
  // A signup still unannounced after a week (its page's events kept failing) is given up on, and
  // said so, rather than taking a place in every sweep after it.
  const gaveUp = await giveUpOnUnannounced(env.DB, new Date(now - GIVE_UP_AFTER_MS).toISOString(), new Date(now).toISOString());
  if (gaveUp) console.error(`signups: gave up announcing ${gaveUp} signup(s) older than a week; their subscriber.created events were never sent`);
  const rows = await listUnannounced(env.DB, new Date(now - SWEEP_AFTER_MS).toISOString(), SWEEP_BATCH);
  const plans = new Map<string, Promise<Plan>>();
  let announced = 0;
  for (const row of rows) {
    if (!plans.has(row.slug)) plans.set(row.slug, pagePlan(env, row.slug));
    // One page failing (its DO unreachable …) must not hold up the others: skip it until next time.
    const plan = await plans.get(row.slug)!.catch((err) => {
      console.error(`signups: the plan of ${row.slug} could not be read; its signups wait for the next sweep`, err);
      return null;
    });
    if (plan && (await announceSignup(env, row, plan))) announced++;
  }
  return announced;
}
