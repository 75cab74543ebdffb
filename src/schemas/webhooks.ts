import { z } from "@hono/zod-openapi";
import { PageSchema } from "./page";
import { OnceSecret, SecretShownBefore } from "./idempotency";

/** Event types an endpoint can subscribe to (docs/contract.md#api-shapes). */
export const WEBHOOK_EVENTS = ["subscriber.created", "page.updated", "clicks.flushed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** Sent only by POST …/webhooks/{id}/test, to any endpoint; not subscribable. */
export const TEST_EVENT = "webhook.test";
export type DeliveredEvent = WebhookEvent | typeof TEST_EVENT;

export const CreateWebhookSchema = z
  .object({
    // Scheme and address rules depend on the environment: checked by src/webhooks/url-rules.ts.
    url: z.string().trim().min(1, "is required").openapi({
      description: "https URL that receives POSTs (http only to localhost in development). Private, loopback and metadata addresses are refused.",
      example: "https://example.com/hooks/melinks",
    }),
    events: z
      .array(z.enum(WEBHOOK_EVENTS))
      .min(1, "choose at least one event")
      .transform((e) => [...new Set(e)])
      .openapi({ description: "Events to receive", example: ["subscriber.created"] }),
  })
  .strict()
  .openapi("WebhookCreate");

const WebhookFields = {
  id: z.string().openapi({ example: "wh_7Qd1s0mJx2cYp9bE" }),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  createdAt: z.string(),
};

export const NewWebhookSchema = z
  .object({
    ...WebhookFields,
    secret: OnceSecret("`whsec_` + base64 signing key. Shown only in this response: store it now"),
    secretShownBefore: SecretShownBefore,
  })
  .openapi("NewWebhook");

export const DeliverySchema = z
  .object({
    messageId: z.string().openapi({ description: "The `webhook-id` header: the same on every attempt of one message" }),
    event: z.string(),
    attempt: z.number().int().openapi({ description: "1 for the first try, then 2, 3 … for retries" }),
    at: z.string(),
    status: z.number().int().nullable().openapi({ description: "Your endpoint's HTTP status; null when it gave none (timeout, network error)" }),
    ok: z.boolean(),
    error: z.string().nullable(),
    durationMs: z.number().int(),
  })
  .openapi("WebhookDelivery");

export const WebhookSchema = z
  .object({
    ...WebhookFields,
    state: z.enum(["active", "disabled"]),
    disabledAt: z.string().nullable(),
    disabledReason: z.string().nullable().openapi({ description: "Why deliveries stopped. A successful test event re-enables the endpoint." }),
    deliveries: z.array(DeliverySchema).openapi({ description: "Recent delivery attempts, newest first" }),
  })
  .openapi("Webhook");

export const WebhookListSchema = z.object({ webhooks: z.array(WebhookSchema) }).openapi("WebhookList");

export const WebhookIdParamSchema = z.object({
  slug: z.string().openapi({ param: { name: "slug", in: "path" }, example: "ada" }),
  id: z.string().max(64).openapi({ param: { name: "id", in: "path" }, example: "wh_7Qd1s0mJx2cYp9bE" }),
});

export const TestSentSchema = z
  .object({ messageId: z.string().openapi({ description: "Look for it in the webhook's deliveries" }) })
  .openapi("WebhookTestSent");

/** A queue message: one event for one endpoint. `body` is absent when it was too large and waits in D1. */
export const WebhookMessageSchema = z.object({
  webhookId: z.string(),
  pageId: z.string(),
  msgId: z.string(),
  type: z.string(),
  body: z.string().optional(),
});
export type WebhookMessage = z.infer<typeof WebhookMessageSchema>;

// What a receiver gets: the Standard Webhooks envelope `{ type, timestamp, data }` per event type
// (described under `webhooks` in the OpenAPI document).
const envelope = <T extends z.ZodType>(type: string, data: T, name: string) =>
  z.object({ type: z.literal(type), timestamp: z.string().openapi({ description: "When the event happened (ISO 8601)" }), data }).openapi(name);

export const EVENT_PAYLOADS = {
  "subscriber.created": envelope(
    "subscriber.created",
    z.object({ slug: z.string(), email: z.string(), createdAt: z.string() }),
    "SubscriberCreatedEvent",
  ),
  "page.updated": envelope("page.updated", PageSchema, "PageUpdatedEvent"),
  "clicks.flushed": envelope(
    "clicks.flushed",
    z.object({
      slug: z.string(),
      clicks: z.number().int().openapi({ description: "Clicks newly counted by this flush" }),
      links: z.array(z.object({ linkId: z.string(), title: z.string().nullable(), clicks: z.number().int() })),
    }),
    "ClicksFlushedEvent",
  ),
  [TEST_EVENT]: envelope(TEST_EVENT, z.object({ slug: z.string(), webhookId: z.string(), message: z.string() }), "WebhookTestEvent"),
} as const;

export const DeliveryHeadersSchema = z.object({
  "webhook-id": z.string().openapi({ description: "Message id, the same on every retry: deduplicate on it" }),
  "webhook-timestamp": z.string().openapi({ description: "Seconds since the epoch when this attempt was signed; refuse ones far from now" }),
  "webhook-signature": z.string().openapi({ description: 'v1,<base64 HMAC-SHA256 of "id.timestamp.body"> keyed with the base64-decoded secret after whsec_' }),
});
