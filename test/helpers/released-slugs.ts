import { env } from "cloudflare:workers";
import { RELEASED_SLUG_HOLD_MS } from "../../src/lib/policy";

/** Age the D1 hold on a released slug past the hold period, as if 30 days had gone by (docs/rename.md). */
export async function endHold(slug: string): Promise<void> {
  await env.DB.prepare("UPDATE released_slugs SET released_at = ? WHERE slug = ?").bind(Date.now() - RELEASED_SLUG_HOLD_MS - 1000, slug).run();
}
