// page.updated, coalesced per page (docs/limits.md#outbound-requests): the first edit in a window is
// sent at once; later edits in the same window set one delayed queue message that, when it arrives,
// sends the page as it is then. Other events are not coalesced: each carries its own fact.
import { z } from "zod";
import { subscribedWebhookIds } from "../db/webhooks";
import { linkPageStub } from "../link-page/stub";
import type { Page } from "../schemas/page";
import { emitEvent, type EventPage } from "./emit";
import { PAGE_UPDATED_COALESCE_SECONDS, webhooksAllowed } from "./policy";

const WINDOW_MS = PAGE_UPDATED_COALESCE_SECONDS * 1000;
const EVENT = "page.updated";

/** The delayed queue message that sends a window's coalesced page.updated (same queue as deliveries). */
export const PageUpdatedDueSchema = z.object({ kind: z.literal("page-updated-due"), pageId: z.string() });
type PageUpdatedDue = z.infer<typeof PageUpdatedDueSchema>;

/** After a saved edit: send page.updated now if the page's gate is open, else make sure one is due at its end. Never throws. */
export async function emitPageUpdated(env: Cloudflare.Env, page: EventPage, data: Page, now = Date.now()): Promise<void> {
  if (!webhooksAllowed(page.plan)) return;
  try {
    if ((await subscribedWebhookIds(env.DB, page.pageId, EVENT)).length === 0) return;
    const opened = await env.DB.prepare(
      `INSERT INTO page_event_gates (page_id, event, open_at, pending) VALUES (?1, ?2, ?3 + ?4, 0)
       ON CONFLICT (page_id, event) DO UPDATE SET open_at = ?3 + ?4, pending = 0 WHERE open_at <= ?3
       RETURNING page_id`,
    )
      .bind(page.pageId, EVENT, now, WINDOW_MS)
      .first();
    if (opened) {
      await emitEvent(env, page, EVENT, data);
      await env.DB.prepare("DELETE FROM page_event_gates WHERE open_at < ? AND pending = 0").bind(now - 3_600_000).run();
      return;
    }
    const due = await env.DB.prepare("UPDATE page_event_gates SET pending = 1 WHERE page_id = ? AND event = ? AND pending = 0 RETURNING open_at")
      .bind(page.pageId, EVENT)
      .first<{ open_at: number }>();
    if (!due) return; // this window's send is already queued; it will carry this edit too
    const message: PageUpdatedDue = { kind: "page-updated-due", pageId: page.pageId };
    await env.WEBHOOK_QUEUE.send(message, { contentType: "json", delaySeconds: Math.max(1, Math.ceil((due.open_at - now) / 1000)) });
  } catch (err) {
    console.error(`webhooks: page.updated for page ${page.slug} (${page.pageId}) failed`, err);
  }
}

/** The queue consumer's half: the window closed, send the page as it is now (once per window). */
export async function sendDuePageUpdated(env: Cloudflare.Env, due: PageUpdatedDue, now = Date.now()): Promise<void> {
  const claimed = await env.DB.prepare("UPDATE page_event_gates SET pending = 0, open_at = ? WHERE page_id = ? AND event = ? AND pending = 1 RETURNING page_id")
    .bind(now + WINDOW_MS, due.pageId, EVENT)
    .first();
  if (!claimed) return; // an edit after the window already sent the newest page
  // Claimed first, read after: an edit landing between the two is in what we send. If reading or
  // queueing fails, the send is owed again (pending back to 1) and the queue retries this message.
  try {
    const row = await env.DB.prepare("SELECT slug FROM pages WHERE id = ?").bind(due.pageId).first<{ slug: string }>();
    const res = row && (await linkPageStub(env, row.slug).get());
    if (!row || !res) return; // deleted meanwhile: nothing to tell
    await emitEvent(env, { pageId: due.pageId, slug: row.slug, plan: res.page.plan }, EVENT, res.page);
  } catch (err) {
    await env.DB.prepare("UPDATE page_event_gates SET pending = 1 WHERE page_id = ? AND event = ?").bind(due.pageId, EVENT).run();
    throw err;
  }
}
