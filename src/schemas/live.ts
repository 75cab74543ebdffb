import { z } from "@hono/zod-openapi";

/** Messages an owner's live socket may send to the page DO (SHAPE: SPEC §7 live). */
export const LiveClientMessage = z.discriminatedUnion("type", [z.object({ type: z.literal("ping") })]);

export type LiveServerMessage =
  | { type: "snapshot"; totals: Record<string, number> }
  | { type: "click"; linkId: string; total: number; at: string }
  | { type: "pong" }
  | { type: "error"; message: string };
