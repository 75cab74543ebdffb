// D1 access for webhooks, their delivery log and oversized payloads (migrations/0005_webhooks.sql).
import { DELIVERIES_KEPT, MAX_WEBHOOKS_PER_PAGE } from "../webhooks/policy";

export interface WebhookRow {
  id: string;
  page_id: string;
  url: string;
  events: string; // JSON array
  created_at: string;
  disabled_at: string | null;
  disabled_reason: string | null;
}

/** What the consumer needs: the row plus the signing secret (never sent to clients). */
export interface WebhookTarget extends WebhookRow {
  secret: string;
  /** The page owner's plan now ("free" for an unclaimed page): deliveries go out only on Pro. */
  plan: "free" | "pro";
}

export interface DeliveryRow {
  webhook_id: string;
  message_id: string;
  event_type: string;
  attempt: number;
  at: string;
  status: number | null;
  ok: number;
  error: string | null;
  duration_ms: number;
}

const COLUMNS = "id, page_id, url, events, created_at, disabled_at, disabled_reason";

/** Insert unless the page already has MAX_WEBHOOKS_PER_PAGE; false when full (decided in the statement, not by a prior read). */
/**
 * Add an endpoint unless the page already has MAX_WEBHOOKS_PER_PAGE, or one for the same URL (a form
 * posted twice must not make two). One statement, so two racing inserts cannot both pass the checks.
 */
export async function insertWebhook(db: D1Database, row: WebhookRow & { secret: string }): Promise<"ok" | "full" | "duplicate"> {
  const r = await db
    .prepare(
      `INSERT INTO webhooks (id, page_id, url, events, secret, created_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE (SELECT COUNT(*) FROM webhooks WHERE page_id = ?2) < ?7
       AND NOT EXISTS (SELECT 1 FROM webhooks WHERE page_id = ?2 AND url = ?3)`,
    )
    .bind(row.id, row.page_id, row.url, row.events, row.secret, row.created_at, MAX_WEBHOOKS_PER_PAGE)
    .run();
  if (r.meta.changes === 1) return "ok";
  const dup = await db.prepare("SELECT 1 FROM webhooks WHERE page_id = ? AND url = ?").bind(row.page_id, row.url).first();
  return dup ? "duplicate" : "full";
}

export async function listWebhooks(db: D1Database, pageId: string): Promise<WebhookRow[]> {
  const r = await db.prepare(`SELECT ${COLUMNS} FROM webhooks WHERE page_id = ? ORDER BY created_at, id`).bind(pageId).all<WebhookRow>();
  return r.results;
}

/** The page's delivery log, newest first (at most DELIVERIES_KEPT per webhook are kept). */
export async function listDeliveries(db: D1Database, pageId: string): Promise<DeliveryRow[]> {
  const r = await db
    .prepare(
      `SELECT webhook_id, message_id, event_type, attempt, at, status, ok, error, duration_ms
       FROM webhook_deliveries WHERE page_id = ? ORDER BY id DESC`,
    )
    .bind(pageId)
    .all<DeliveryRow>();
  return r.results;
}

export function findWebhook(db: D1Database, pageId: string, id: string): Promise<WebhookRow | null> {
  return db.prepare(`SELECT ${COLUMNS} FROM webhooks WHERE page_id = ? AND id = ?`).bind(pageId, id).first<WebhookRow>();
}

export function findWebhookTarget(db: D1Database, id: string): Promise<WebhookTarget | null> {
  const cols = COLUMNS.split(", ").map((c) => `w.${c}`).join(", ");
  return db
    .prepare(
      `SELECT ${cols}, w.secret, COALESCE(u.plan, 'free') AS plan FROM webhooks w
       JOIN pages p ON p.id = w.page_id LEFT JOIN users u ON u.id = p.owner_id WHERE w.id = ?`,
    )
    .bind(id)
    .first<WebhookTarget>();
}

/** Ids of the page's active webhooks subscribed to `type`. */
export async function subscribedWebhookIds(db: D1Database, pageId: string, type: string): Promise<string[]> {
  const r = await db
    .prepare(
      `SELECT id FROM webhooks WHERE page_id = ? AND disabled_at IS NULL
       AND EXISTS (SELECT 1 FROM json_each(webhooks.events) WHERE value = ?) ORDER BY id`,
    )
    .bind(pageId, type)
    .all<{ id: string }>();
  return r.results.map((w) => w.id);
}

/** Delete one webhook with its log and pending payloads; false when the page has no such webhook. */
export async function deleteWebhook(db: D1Database, pageId: string, id: string): Promise<boolean> {
  const results = await db.batch([
    db.prepare("DELETE FROM webhook_deliveries WHERE webhook_id = ? AND page_id = ?").bind(id, pageId),
    db.prepare("DELETE FROM webhook_payloads WHERE webhook_id = ? AND page_id = ?").bind(id, pageId),
    db.prepare("DELETE FROM webhooks WHERE id = ? AND page_id = ?").bind(id, pageId),
  ]);
  return results.at(-1)!.meta.changes === 1;
}

/** For deleting a page: its webhooks, their log and pending payloads (part of the caller's batch). */
export function deleteWebhooksStatements(db: D1Database, pageId: string): D1PreparedStatement[] {
  return [
    db.prepare("DELETE FROM webhook_deliveries WHERE page_id = ?").bind(pageId),
    db.prepare("DELETE FROM webhook_payloads WHERE page_id = ?").bind(pageId),
    db.prepare("DELETE FROM webhooks WHERE page_id = ?").bind(pageId),
  ];
}

export interface AttemptRecord {
  webhookId: string;
  msgId: string;
  type: string;
  attempt: number;
  at: string;
  status: number | null;
  ok: boolean;
  error: string | null;
  durationMs: number;
}

/**
 * Log one attempt and apply its consequence in one batch: a success re-enables the endpoint (only a
 * test event reaches a disabled one), `disable` switches it off. Nothing is written for a webhook
 * deleted meanwhile, so no orphan log rows appear.
 */
export async function recordAttempt(db: D1Database, a: AttemptRecord, disable: string | null): Promise<void> {
  const statements = [
    db
      .prepare(
        `INSERT INTO webhook_deliveries (webhook_id, page_id, message_id, event_type, attempt, at, status, ok, error, duration_ms)
         SELECT id, page_id, ?, ?, ?, ?, ?, ?, ?, ? FROM webhooks WHERE id = ?`,
      )
      .bind(a.msgId, a.type, a.attempt, a.at, a.status, a.ok ? 1 : 0, a.error, a.durationMs, a.webhookId),
    db
      .prepare(
        `DELETE FROM webhook_deliveries WHERE webhook_id = ?1 AND id NOT IN
         (SELECT id FROM webhook_deliveries WHERE webhook_id = ?1 ORDER BY id DESC LIMIT ?2)`,
      )
      .bind(a.webhookId, DELIVERIES_KEPT),
  ];
  if (a.ok) statements.push(db.prepare("UPDATE webhooks SET disabled_at = NULL, disabled_reason = NULL WHERE id = ?").bind(a.webhookId));
  if (disable) {
    statements.push(
      db.prepare("UPDATE webhooks SET disabled_at = ?, disabled_reason = ? WHERE id = ? AND disabled_at IS NULL").bind(a.at, disable, a.webhookId),
    );
  }
  await db.batch(statements);
}

export async function storePayload(db: D1Database, p: { msgId: string; webhookId: string; pageId: string; body: string; now: string }): Promise<void> {
  await db
    .prepare("INSERT INTO webhook_payloads (message_id, webhook_id, page_id, body, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING")
    .bind(p.msgId, p.webhookId, p.pageId, p.body, p.now)
    .run();
}

export async function loadPayload(db: D1Database, msgId: string): Promise<string | null> {
  const r = await db.prepare("SELECT body FROM webhook_payloads WHERE message_id = ?").bind(msgId).first<{ body: string }>();
  return r?.body ?? null;
}

export async function deletePayload(db: D1Database, msgId: string): Promise<void> {
  await db.prepare("DELETE FROM webhook_payloads WHERE message_id = ?").bind(msgId).run();
}
