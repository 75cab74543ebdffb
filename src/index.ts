import { app } from "./app";
import { announcePendingSignups } from "./actions/announce-signup";
import { expireUnclaimedPages } from "./actions/expire-unclaimed";
import { deleteExpiredKeys } from "./db/idempotency-keys";
import { purgeUnconfirmedSignups } from "./actions/signup-confirmation";
import { syncPendingPlans } from "./actions/sync-plan";
import { queue } from "./webhooks/consumer";

export { LinkPage } from "./link-page/link-page";
export { ClickShard } from "./click-shard/click-shard";

/** wrangler.toml [triggers]: the daily clean-up, and a frequent sweep for unannounced signups. Not
 * exported: workerd accepts only handlers and classes as a Worker module's named exports. */
const DAILY_CRON = "23 4 * * *";

// fetch: the router; queue: webhook deliveries (wrangler.toml [[queues.consumers]]); scheduled: the
// daily clean-up of pages nobody claimed and of Idempotency-Key answers past their 24 h, and on every
// trigger, signups whose webhook events were never queued (actions/announce-signup.ts), and signups
// nobody confirmed within their 7 days (actions/signup-confirmation.ts), and pages whose copy of their
// owner's plan is pending (actions/sync-plan.ts, docs/plans.md#propagation).
export default {
  fetch: app.fetch,
  queue,
  scheduled(controller, env, ctx) {
    if (controller.cron === DAILY_CRON) {
      ctx.waitUntil(expireUnclaimedPages(env).then((n) => console.log(`expired ${n} unclaimed page(s)`)));
      ctx.waitUntil(deleteExpiredKeys(env.DB, Date.now()).then((n) => console.log(`deleted ${n} expired idempotency key(s)`)));
    }
    ctx.waitUntil(announcePendingSignups(env).then((n) => n && console.log(`announced ${n} pending signup(s)`)));
    ctx.waitUntil(purgeUnconfirmedSignups(env).then((n) => n && console.log(`deleted ${n} unconfirmed signup(s)`)));
    ctx.waitUntil(syncPendingPlans(env).then((r) => (r.synced || r.failed) && console.log(`plans: ${r.synced} page(s) synced, ${r.failed} still pending`)));
  },
} satisfies ExportedHandler<Cloudflare.Env>;
