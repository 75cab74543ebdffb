import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { createWebhook, WEBHOOK_PROBLEM } from "../actions/create-webhook";
import { sendTestWebhook, TEST_WEBHOOK_PROBLEM } from "../actions/send-test-webhook";
import { deleteWebhook, listDeliveries, listWebhooks } from "../db/webhooks";
import type { AppEnv } from "../env";
import { AppError } from "../lib/errors";
import { orProblem } from "../lib/result";
import { validationHook } from "../lib/validation-hook";
import { pageAccess } from "../middleware/auth";
import { callerKey } from "../middleware/rate-limit";
import { problems } from "../schemas/problem";
import { SlugParamSchema } from "../schemas/slug";
import {
  CreateWebhookSchema,
  DeliveryHeadersSchema,
  EVENT_PAYLOADS,
  NewWebhookSchema,
  TEST_EVENT,
  TestSentSchema,
  WebhookIdParamSchema,
  WebhookListSchema,
} from "../schemas/webhooks";
import { MAX_WEBHOOKS_PER_PAGE, pagePlan, requireWebhooksPlan } from "../webhooks/policy";
import { webhookView } from "../webhooks/view";

/**
 * Adding an endpoint and sending a test event need a pro page (webhooks/policy.ts). Checked after
 * access and before the body, so a free page hears "Pro feature" rather than field errors.
 */
const webhookPlan = createMiddleware<AppEnv>(async (c, next) => {
  const plan = await pagePlan(c.env, c.get("pageRow").slug);
  requireWebhooksPlan(plan);
  c.set("pagePlan", plan);
  await next();
});

const security: Record<string, string[]>[] = [{ ApiKey: [] }, { Session: [] }, { ClaimToken: [] }];
const middleware = [pageAccess];
const proMiddleware = [pageAccess, webhookPlan];
const tags = ["Webhooks"];
const notPro = { ...problems[403], description: "Credentials do not allow managing this page, or the page is not on Pro (webhooks are a Pro feature)" };
const signing =
  "Each delivery is a POST with a JSON body `{ type, timestamp, data }` and the Standard Webhooks headers " +
  "`webhook-id` (the same on every retry), `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of \"id.timestamp.body\">` " +
  "keyed with the base64-decoded part of the secret after `whsec_`. Answer 2xx within 10 s; anything else " +
  "(including redirects, which are not followed) is retried with exponential backoff for about a day, then the endpoint is disabled.";

const create = createRoute({
  method: "post", path: "/pages/{slug}/webhooks", tags, security, middleware: proMiddleware,
  summary: "Add a webhook endpoint (Pro pages); its signing secret is in this response only",
  description: `Webhooks are a Pro feature: on a free page this answers 403 and stores nothing. ${signing}`,
  request: { params: SlugParamSchema, body: { required: true, content: { "application/json": { schema: CreateWebhookSchema } } } },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: NewWebhookSchema } } },
    400: problems[400], 401: problems[401], 403: notPro, 404: problems[404],
    409: { ...problems[409], description: `The page already has ${MAX_WEBHOOKS_PER_PAGE} webhooks, or one for this URL (the error names the url field)` },
  },
});

const list = createRoute({
  method: "get", path: "/pages/{slug}/webhooks", tags, security, middleware,
  summary: "The page's webhooks with their state and recent deliveries (never the secrets); also on a page that went back to Free",
  request: { params: SlugParamSchema },
  responses: {
    200: { description: "Webhooks", content: { "application/json": { schema: WebhookListSchema } } },
    401: problems[401], 403: problems[403], 404: problems[404],
  },
});

const remove = createRoute({
  method: "delete", path: "/pages/{slug}/webhooks/{id}", tags, security, middleware,
  summary: "Delete a webhook and its delivery log; queued deliveries to it are dropped. Also on a page that went back to Free",
  request: { params: WebhookIdParamSchema },
  responses: { 204: { description: "Deleted" }, 401: problems[401], 403: problems[403], 404: problems[404] },
});

const test = createRoute({
  method: "post", path: "/pages/{slug}/webhooks/{id}/test", tags, security, middleware: proMiddleware,
  summary: "Send a `webhook.test` event now (Pro pages); its result appears in the webhook's deliveries. A success re-enables a disabled endpoint",
  request: { params: WebhookIdParamSchema },
  responses: {
    202: { description: "Queued for delivery", content: { "application/json": { schema: TestSentSchema } } },
    401: problems[401], 403: notPro, 404: problems[404], 429: problems[429],
  },
});

export const webhooksApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(create, async (c) => {
    const page = c.get("pageRow");
    const { created: body } = orProblem(await createWebhook(c.env, { ...page, plan: c.get("pagePlan") ?? "free" }, c.req.valid("json")), WEBHOOK_PROBLEM);
    return c.json(body, 201, { Location: `/api/v1/pages/${page.slug}/webhooks`, "cache-control": "no-store" });
  })
  .openapi(list, async (c) => {
    const page = c.get("pageRow");
    const [hooks, deliveries] = await Promise.all([listWebhooks(c.env.DB, page.id), listDeliveries(c.env.DB, page.id)]);
    return c.json({ webhooks: hooks.map((w) => webhookView(w, deliveries)) }, 200, { "cache-control": "no-store" });
  })
  .openapi(remove, async (c) => {
    const page = c.get("pageRow");
    if (!(await deleteWebhook(c.env.DB, page.id, c.req.valid("param").id))) throw new AppError("not_found", "This page has no webhook with this id.");
    return c.body(null, 204);
  })
  .openapi(test, async (c) => {
    const page = { ...c.get("pageRow"), plan: c.get("pagePlan") ?? "free" };
    const { messageId } = orProblem(await sendTestWebhook(c.env, page, c.req.valid("param").id, await callerKey(c)), TEST_WEBHOOK_PROBLEM);
    return c.json({ messageId }, 202);
  });

// The outgoing calls, as OpenAPI 3.1 `webhooks`: one entry per event type with its payload.
for (const [type, schema] of Object.entries(EVENT_PAYLOADS)) {
  webhooksApi.openAPIRegistry.registerWebhook({
    method: "post",
    path: type,
    tags,
    summary: type === TEST_EVENT ? "Sent by POST …/webhooks/{id}/test" : `Sent to endpoints subscribed to ${type}`,
    description: signing,
    request: { headers: DeliveryHeadersSchema, body: { content: { "application/json": { schema } } } },
    responses: { 200: { description: "Any 2xx acknowledges the delivery" } },
  });
}
