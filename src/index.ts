import { app } from "./app";
import { expireUnclaimedPages } from "./actions/expire-unclaimed";
import { queue } from "./webhooks/consumer";

export { LinkPage } from "./link-page/link-page";
// fetch: the router; queue: webhook deliveries (wrangler.toml [[queues.consumers]]);
// scheduled: the daily clean-up of pages nobody claimed (wrangler.toml [triggers]).
export default {
  fetch: app.fetch,
  queue,
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(expireUnclaimedPages(env).then((n) => console.log(`expired ${n} unclaimed page(s)`)));
  },
} satisfies ExportedHandler<Cloudflare.Env>;
