import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { SIGNUP_PROBLEM, subscribe } from "../actions/subscribe";
import { subscriberCsvStream } from "../actions/subscriber-csv";
import { deleteSubscriber, listSubscribers } from "../db/subscribers";
import type { AppEnv } from "../env";
import { subscriberView } from "../actions/subscriber-view";
import { base64url } from "../lib/crypto";
import { publicOrigin } from "../lib/origin";
import { AppError } from "../lib/errors";
import { orProblem } from "../lib/result";
import { validationHook } from "../lib/validation-hook";
import { pageAccess } from "../middleware/auth";
import { EmailSchema } from "../schemas/account";
import { problems } from "../schemas/problem";
import { SlugParamSchema } from "../schemas/slug";
import { SubscribeSchema, SubscriberListSchema, SubscribersQuerySchema } from "../schemas/subscribers";

const security: Record<string, string[]>[] = [{ ApiKey: [] }, { Session: [] }, { ClaimToken: [] }];
const ok = z.object({ ok: z.literal(true) }).openapi("SignupAccepted");

const signup = createRoute({
  method: "post", path: "/pages/{slug}/subscribers", tags: ["Subscribers"],
  summary: "Sign up to a pro page's email list (public)",
  description:
    "Always 202 { ok: true } for a valid address, whether it is new, waiting for confirmation or already on the list. " +
    "With the page's confirmation on (the default) a confirmation mail is sent and the address is listed only once confirmed.",
  request: { params: SlugParamSchema, body: { required: true, content: { "application/json": { schema: SubscribeSchema } } } },
  responses: {
    202: { description: "Accepted (the same answer whatever the address's state)", content: { "application/json": { schema: ok } } },
    400: problems[400], 404: problems[404], 429: problems[429],
  },
});

const list = createRoute({
  method: "get", path: "/pages/{slug}/subscribers", tags: ["Subscribers"],
  summary: "Your page's subscribers (listed ones: confirmed, or signed up while confirmation was off): JSON pages with a cursor, or all of them as CSV with ?format=csv",
  security, middleware: [pageAccess],
  request: { params: SlugParamSchema, query: SubscribersQuerySchema },
  responses: {
    200: {
      description: "Subscribers",
      content: { "application/json": { schema: SubscriberListSchema }, "text/csv": { schema: { type: "string" } } },
    },
    400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404],
  },
});

const remove = createRoute({
  method: "delete", path: "/pages/{slug}/subscribers/{email}", tags: ["Subscribers"], summary: "Remove a subscriber",
  security, middleware: [pageAccess],
  request: { params: SlugParamSchema.extend({ email: EmailSchema.openapi({ param: { name: "email", in: "path" } }) }) },
  responses: { 204: { description: "Removed" }, 401: problems[401], 403: problems[403], 404: problems[404] },
});

const encodeCursor = (r: { created_at: string; email: string }) => base64url(new TextEncoder().encode(JSON.stringify([r.created_at, r.email])));
function decodeCursor(cursor: string): { createdAt: string; email: string } {
  try {
    const [createdAt, email] = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/"))) as unknown[];
    if (typeof createdAt === "string" && typeof email === "string") return { createdAt, email };
  } catch {}
  throw new AppError("validation_failed", "cursor: is not a cursor from this API", { errors: [{ field: "cursor", pointer: "#/cursor", message: "is not a cursor from this API" }] });
}

export const subscribersApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(signup, async (c) => {
    const { email, website } = c.req.valid("json");
    const client = c.req.header("cf-connecting-ip") ?? "local";
    orProblem(await subscribe(c.env, c.req.valid("param").slug, email, { client, honeypot: website, origin: publicOrigin(c) }, c.executionCtx), SIGNUP_PROBLEM);
    return c.json({ ok: true as const }, 202, { "cache-control": "no-store" });
  })
  .openapi(list, async (c) => {
    const row = c.get("pageRow");
    const q = c.req.valid("query");
    if (q.format === "csv") {
      return new Response(subscriberCsvStream(c.env.DB, row.id), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${row.slug}-subscribers.csv"`,
          "cache-control": "no-store",
        },
      }) as never;
    }
    const rows = await listSubscribers(c.env.DB, row.id, q.limit + 1, q.cursor ? decodeCursor(q.cursor) : undefined);
    const page = rows.slice(0, q.limit);
    const body = {
      subscribers: page.map(subscriberView),
      ...(rows.length > q.limit ? { nextCursor: encodeCursor(page.at(-1)!) } : {}),
    };
    return c.json(body, 200, { "cache-control": "no-store" });
  })
  .openapi(remove, async (c) => {
    if (!(await deleteSubscriber(c.env.DB, c.get("pageRow").id, c.req.valid("param").email))) {
      throw new AppError("not_found", "No subscriber with this email on this page.");
    }
    return c.body(null, 204);
  });
