import { z } from "@hono/zod-openapi";

/** Messages an owner's live socket may send to the page DO (SHAPE: SPEC §7 live). */
export const LiveClientMessage = z.discriminatedUnion("type", [z.object({ type: z.literal("ping") })]);

/** `?batch=1` on the live socket: clicks come coalesced into {type:"clicks"} frames (see live-fanout.ts). */
export const LiveQuerySchema = z.object({
  batch: z
    .enum(["0", "1"])
    .optional()
    .openapi({ description: 'With "1", clicks arrive as {"type":"clicks","clicks":[{linkId,total,at}…]} frames instead of one message per click: every click once, in order, those that arrive together in one frame' }),
});

/** One counted click as the owner hears of it: the link, its new all-time total, when. */
export type LiveClick = { linkId: string; total: number; at: string };

export type LiveServerMessage =
  | { type: "snapshot"; totals: Record<string, number> }
  | ({ type: "click" } & LiveClick)
  | { type: "clicks"; clicks: LiveClick[] }
  | { type: "pong" }
  | { type: "error"; message: string };
