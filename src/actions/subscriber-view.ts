import type { SubscriberRow } from "../db/subscribers";

/** A listed subscriber as the owner sees it (API, export): confirmedAt only when confirmed by mail. */
export const subscriberView = (r: SubscriberRow) => ({ email: r.email, createdAt: r.created_at, ...(r.confirmed_at ? { confirmedAt: r.confirmed_at } : {}) });
