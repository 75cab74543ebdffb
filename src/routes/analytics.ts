import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { liveUpgradeRequest } from "../actions/live-access";
import { analyticsForCaller } from "../analytics/for-caller";
import { rangeOfQuery } from "../analytics/hour-range";
import { analyticsCsv, csvResponse } from "../analytics/csv";
import type { AppEnv } from "../env";
import { linkPageStub } from "../link-page/stub";
import { AppError } from "../lib/errors";
import { validationHook } from "../lib/validation-hook";
import { getActor, pageAccess, pageActor, requirePageAccess } from "../middleware/auth";
import { AnalyticsQuerySchema, AnalyticsSchema } from "../schemas/analytics";
import { problems } from "../schemas/problem";
import { LiveQuerySchema } from "../schemas/live";
import { LIVE_CLOSE, LIVE_SOCKETS_PER_PAGE } from "../lib/live-tags";
import { MAX_BEHIND } from "../link-page/live/fanout";
import { SlugParamSchema } from "../schemas/slug";

const security: Record<string, string[]>[] = [{ ApiKey: [] }, { Session: [] }, { ClaimToken: [] }];

const analytics = createRoute({
  method: "get",
  path: "/pages/{slug}/analytics",
  tags: ["Analytics"],
  summary:
    "Page views, clicks and click-through rate over a time range, per link and over time (pro: countries and referrer domains); includes unflushed counts. ?format=csv for a spreadsheet",
  security,
  middleware: [pageActor] as const, // the page itself is checked in the handler, alongside the DO read
  request: { params: SlugParamSchema, query: AnalyticsQuerySchema },
  responses: {
    200: {
      description: "Analytics (JSON), or with ?format=csv a CSV download: `t,linkId,title,clicks` (rows with an empty linkId count page views)",
      content: { "application/json": { schema: AnalyticsSchema }, "text/csv": { schema: { type: "string" } } },
    },
    400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404],
  },
});

const live = createRoute({
  method: "get",
  path: "/pages/{slug}/live",
  tags: ["Analytics"],
  summary:
    'WebSocket of live clicks for the owner: first {"type":"snapshot","totals":{linkId:clicks}}, then {"type":"click",linkId,total,at} per counted click (with ?batch=1: {"type":"clicks","clicks":[…]} frames; with ?totals=1: {"type":"totals","totals":{linkId:clicks},at} frames, at most 20 a second)',
  description:
    `Close codes: ${LIVE_CLOSE.accessEnded} the access it was opened with ended, ${LIVE_CLOSE.pageClaimed} the page was claimed (claim-token sockets), ` +
    `${LIVE_CLOSE.pageDeleted} the page was deleted, ${LIVE_CLOSE.behind} a per-click or batch socket fell more than ${MAX_BEHIND} clicks behind ` +
    `(reconnect for a new snapshot; totals sockets never do), ${LIVE_CLOSE.full} the page already has ${LIVE_SOCKETS_PER_PAGE} live sockets (try again later, not at once). ` +
    `A rename keeps the socket open: it hears {"type":"renamed","slug"} and goes on hearing the page's clicks.`,
  security,
  middleware: [pageAccess] as const,
  request: { params: SlugParamSchema, query: LiveQuerySchema },
  responses: {
    101: { description: "Switching Protocols (WebSocket)" },
    401: problems[401], 403: problems[403], 404: problems[404],
    426: { description: "Upgrade Required: send a WebSocket upgrade" },
  },
});

export const analyticsApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(analytics, async (c) => {
    const q = c.req.valid("query");
    const slug = c.req.param("slug").toLowerCase();
    if (q.format === "csv") return csvResponse(await analyticsCsv(c.env, await requirePageAccess(c, slug), rangeOfQuery(q)), slug);
    const report = await analyticsForCaller(c, slug, q);
    return c.json(report, 200, { "cache-control": "no-store" });
  })
  .openapi(live, async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new AppError("bad_request", "This endpoint speaks WebSocket: send `Upgrade: websocket`.");
    }
    return linkPageStub(c.env, c.get("pageRow").slug).fetch(await liveUpgradeRequest(c.req.raw, await getActor(c)));
  });
