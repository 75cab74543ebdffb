import { slugBlocker } from "../db/released-slugs";
import { RELEASED_SLUG_HOLD_DAYS } from "../lib/policy";
import { reservedReason, SlugSchema, type ReservedReason } from "../schemas/slug";

/** What `GET /api/v1/slugs/{slug}` answers; the 404 page offers creation only when `available`. */
export type SlugAvailability =
  | { slug: string; available: true }
  | {
      slug: string;
      available: false;
      reason: "invalid" | "reserved" | "taken" | "recently_released";
      reserved?: ReservedReason;
      message: string;
    };

/**
 * Could an anonymous creator name a page `raw` now? One decision for the as-you-type check and the
 * 404's offer (docs/onboarding.md#the-404-of-a-free-address). POST /pages still decides races (UNIQUE).
 */
export async function checkSlug(db: D1Database, raw: string, now = Date.now()): Promise<SlugAvailability> {
  const slug = raw.toLowerCase();
  const parsed = SlugSchema.safeParse(raw);
  if (!parsed.success) {
    const message = `This address ${parsed.error.issues[0]?.message ?? "is not a valid slug"}.`;
    const reserved = reservedReason(slug);
    return reserved && message.startsWith("This address is reserved")
      ? { slug, available: false, reason: "reserved", reserved, message }
      : { slug, available: false, reason: "invalid", message };
  }
  // Asked anonymously: an address a page let go of in the last 30 days counts as held (docs/rename.md).
  const blocker = await slugBlocker(db, parsed.data, { pageId: null, ownerId: null }, now);
  if (blocker === "taken") return { slug: parsed.data, available: false, reason: "taken", message: "This address is already taken." };
  if (blocker) {
    const message = `This address was released less than ${RELEASED_SLUG_HOLD_DAYS} days ago and is held until then.`;
    return { slug: parsed.data, available: false, reason: blocker, message };
  }
  return { slug: parsed.data, available: true };
}
