import { app } from "./app";
import { queue } from "./webhooks/consumer";

export { LinkPage } from "./link-page/link-page";
// fetch: the router; queue: webhook deliveries (wrangler.toml [[queues.consumers]]).
export default { fetch: app.fetch, queue } satisfies ExportedHandler<Cloudflare.Env>;
