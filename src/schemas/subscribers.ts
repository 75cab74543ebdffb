import { z } from "@hono/zod-openapi";
import { EmailSchema } from "./account";

export const SubscribeSchema = z
  .object({
    email: EmailSchema,
    website: z.string().max(512).optional().openapi({ description: "Honeypot: leave empty. Bots fill it in; their signups are dropped." }),
  })
  .strict()
  .openapi("Subscribe");

export const SubscriberSchema = z
  .object({
    email: z.string(),
    createdAt: z.string(),
    confirmedAt: z.string().optional().openapi({ description: "When the address's owner confirmed it from our mail; absent if listed without confirmation" }),
  })
  .openapi("Subscriber");

export const SubscribersQuerySchema = z.object({
  format: z.enum(["json", "csv"]).default("json"),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(600).optional().openapi({ description: "nextCursor from the previous page" }),
});

export const SubscriberListSchema = z
  .object({ subscribers: z.array(SubscriberSchema), nextCursor: z.string().optional() })
  .openapi("SubscriberList");
