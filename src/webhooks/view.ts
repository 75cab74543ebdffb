import type { DeliveryRow, WebhookRow } from "../db/webhooks";
import type { WebhookEvent } from "../schemas/webhooks";

const deliveryView = (d: DeliveryRow) => ({
  messageId: d.message_id,
  event: d.event_type,
  attempt: d.attempt,
  at: d.at,
  status: d.status,
  ok: d.ok === 1,
  error: d.error,
  durationMs: d.duration_ms,
});

/** A webhook as its owner sees it (GET …/webhooks and the page export): never the secret. */
export function webhookView(w: WebhookRow, deliveries: DeliveryRow[]) {
  return {
    id: w.id,
    url: w.url,
    events: JSON.parse(w.events) as WebhookEvent[],
    createdAt: w.created_at,
    state: w.disabled_at === null ? ("active" as const) : ("disabled" as const),
    disabledAt: w.disabled_at,
    disabledReason: w.disabled_reason,
    deliveries: deliveries.filter((d) => d.webhook_id === w.id).map(deliveryView),
  };
}
