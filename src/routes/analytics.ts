import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { startOfLocalDay } from "../analytics/buckets";
import { buildReport } from "../analytics/report";
import { readCounts } from "../db/click-counts";
import { linkPageStub, type AppEnv } from "../env";
import { AppError, fieldError } from "../lib/errors";
import { DAY_MS, HOUR_MS, hourOf } from "../lib/time";
import { validationHook } from "../lib/validation-hook";
import { pageAccess } from "../middleware/page-access";
import { AnalyticsQuerySchema, AnalyticsSchema } from "../schemas/analytics";
import { problems } from "../schemas/problem";
import { SlugParamSchema } from "../schemas/slug";

const security: Record<string, string[]>[] = [{ ApiKey: [] }, { Session: [] }, { ClaimToken: [] }];
const MAX_HOURS = { hour: 24 * 31, day: 24 * 400 } as const;

const analytics = createRoute({
  method: "get",
  path: "/pages/{slug}/analytics",
  tags: ["Analytics"],
  summary: "Clicks over a time range, per link and over time (pro: countries and referrer domains); includes unflushed clicks",
  security,
  middleware: [pageAccess] as const,
  request: { params: SlugParamSchema, query: AnalyticsQuerySchema },
  responses: {
    200: { description: "Analytics", content: { "application/json": { schema: AnalyticsSchema } } },
    400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404],
  },
});

const live = createRoute({
  method: "get",
  path: "/pages/{slug}/live",
  tags: ["Analytics"],
  summary:
    'WebSocket of live clicks for the owner: first {"type":"snapshot","totals":{linkId:clicks}}, then {"type":"click",linkId,total,at} per counted click',
  security,
  middleware: [pageAccess] as const,
  request: { params: SlugParamSchema },
  responses: {
    101: { description: "Switching Protocols (WebSocket)" },
    401: problems[401], 403: problems[403], 404: problems[404],
    426: { description: "Upgrade Required: send a WebSocket upgrade" },
  },
});

export const analyticsApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(analytics, async (c) => {
    const row = c.get("pageRow");
    const q = c.req.valid("query");
    const tz = q.tz ?? "UTC";
    const toMs = q.to ? Date.parse(q.to) : Date.now();
    const fromMs = q.from ? Date.parse(q.from) : toMs - 30 * DAY_MS;
    if (fromMs >= toMs) throw fieldError(["from"], "must be before `to`");
    let fromHour = hourOf(fromMs);
    const toHour = Math.ceil(toMs / HOUR_MS);
    if (q.granularity === "day") fromHour = startOfLocalDay(fromHour, tz);
    if (toHour - fromHour > MAX_HOURS[q.granularity]) {
      throw fieldError(["from"], q.granularity === "hour" ? "hourly ranges may span at most 31 days" : "ranges may span at most 400 days");
    }
    // The DO's buffer first, then D1: a flush landing in between is then seen by D1's watermark, never lost.
    const buffered = await linkPageStub(c.env, row.slug).bufferedAnalytics(fromHour * HOUR_MS, toHour * HOUR_MS);
    if (!buffered) throw new AppError("not_found", `There is no page "${row.slug}".`);
    const stored = await readCounts(c.env.DB, row.id, fromHour, toHour);
    return c.json(buildReport({ fromHour, toHour, granularity: q.granularity, tz, stored, buffered }), 200, { "cache-control": "no-store" });
  })
  .openapi(live, async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new AppError("bad_request", "This endpoint speaks WebSocket: send `Upgrade: websocket`.");
    }
    return linkPageStub(c.env, c.get("pageRow").slug).fetch(c.req.raw);
  });
