import { z } from "@hono/zod-openapi";

/** Messages an owner's live socket may send to the page DO (shapes: docs/contract.md#api-shapes, `GET …/live`). */
export const LiveClientMessage = z.discriminatedUnion("type", [z.object({ type: z.literal("ping") })]);

/**
 * How a socket hears clicks (link-page/live/fanout.ts, live/totals.ts): by default one {type:"click"}
 * per click; `?batch=1` every click in {type:"clicks"} frames; `?totals=1` per-link totals at most
 * ten frames a second (the dashboard's). Asking for both is refused.
 */
export const LiveQuerySchema = z
  .object({
    batch: z
      .enum(["0", "1"])
      .optional()
      .openapi({ description: 'With "1", clicks arrive as {"type":"clicks","clicks":[{linkId,total,at}…]} frames instead of one message per click: every click once, in order, those that arrive together in one frame' }),
    totals: z
      .enum(["0", "1"])
      .optional()
      .openapi({
        description:
          'With "1", the socket gets {"type":"totals","totals":{linkId:clicks},"at"} frames: the all-time totals of the links clicked since its last frame, at most 20 frames a second. Never closed for falling behind (a frame holds totals, not clicks). Cannot be combined with batch=1',
      }),
  })
  .refine((q) => !(q.batch === "1" && q.totals === "1"), { message: "Choose batch=1 or totals=1, not both", path: ["totals"] });

/** One counted click as the owner hears of it: the link, its new all-time total, when. */
export type LiveClick = { linkId: string; total: number; at: string };

export type LiveServerMessage =
  | { type: "snapshot"; totals: Record<string, number> }
  | ({ type: "click" } & LiveClick)
  | { type: "clicks"; clicks: LiveClick[] }
  | { type: "totals"; totals: Record<string, number>; at: string }
  | { type: "renamed"; slug: string }
  | { type: "pong" }
  | { type: "error"; message: string };
