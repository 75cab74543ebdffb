// What the "Signups & webhooks" page shows, read straight from D1 (the same rows the API lists).
import { countSubscribers, listSubscribersNewestFirst, type SubscriberRow } from "../../db/subscribers";
import { listDeliveries, listWebhooks } from "../../db/webhooks";
import { base64url } from "../../lib/crypto";
import { webhookView } from "../../webhooks/view";

export const SUBSCRIBERS_PER_PAGE = 25;

export type Webhook = ReturnType<typeof webhookView>;

type Position = { createdAt: string; email: string };

export interface SubscriberPage {
  rows: { email: string; createdAt: string }[];
  total: number;
  /** 1-based rank of the first row (newest = 1). */
  first: number;
  /** Cursors for the newer and older neighbours, when there are any. */
  newer?: string;
  older?: string;
}

const encode = (r: SubscriberRow) => base64url(new TextEncoder().encode(JSON.stringify([r.created_at, r.email])));

/** A cursor from our own links; anything else reads as "no cursor" (the first page), never an error page. */
export function decodeCursor(raw: string | undefined): Position | undefined {
  if (!raw || raw.length > 600) return undefined;
  try {
    const v = JSON.parse(atob(raw.replace(/-/g, "+").replace(/_/g, "/"))) as unknown;
    if (Array.isArray(v) && typeof v[0] === "string" && typeof v[1] === "string") return { createdAt: v[0], email: v[1] };
  } catch {}
  return undefined;
}

/** One screen of subscribers, newest first: `before` pages towards older ones, `after` back towards newer ones. */
export async function subscriberPage(db: D1Database, pageId: string, q: { before?: string; after?: string }): Promise<SubscriberPage> {
  const before = decodeCursor(q.before);
  const after = before ? undefined : decodeCursor(q.after);
  const rows = await listSubscribersNewestFirst(db, pageId, SUBSCRIBERS_PER_PAGE, { before, after });
  // Paged back past the newest (rows were deleted meanwhile): start over from the top.
  if (after && rows.length === 0) return subscriberPage(db, pageId, {});
  const top = rows[0];
  // The rank of the first row tells both neighbours: rows above it are newer, rows past this screen older.
  const { total, newer } = await countSubscribers(db, pageId, top ? { createdAt: top.created_at, email: top.email } : undefined);
  return {
    rows: rows.map((r) => ({ email: r.email, createdAt: r.created_at })),
    total,
    first: newer + 1,
    newer: top && newer > 0 ? encode(top) : undefined,
    older: rows.length && newer + rows.length < total ? encode(rows.at(-1)!) : undefined,
  };
}

/** The page's webhooks with their state and recent deliveries, as GET …/webhooks lists them. */
export async function pageWebhooks(db: D1Database, pageId: string): Promise<Webhook[]> {
  const [hooks, deliveries] = await Promise.all([listWebhooks(db, pageId), listDeliveries(db, pageId)]);
  return hooks.map((w) => webhookView(w, deliveries));
}

/** The editor's summary card: is the form on, how many subscribers and webhooks (and how many stopped). */
export async function proSummary(db: D1Database, pageId: string, signupOn: boolean) {
  const [{ total }, hooks] = await Promise.all([countSubscribers(db, pageId), listWebhooks(db, pageId)]);
  return { signupOn, subscribers: total, webhooks: hooks.length, disabledWebhooks: hooks.filter((h) => h.disabled_at !== null).length };
}
export type ProSummary = Awaited<ReturnType<typeof proSummary>>;
