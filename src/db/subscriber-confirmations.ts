// Double opt-in in D1 (migrations/0010, docs/storage.md#subscribers--email-signups-0004): a pending signup, the token
// of its latest mail (stored only as SHA-256), confirming it, one-click removal, the 7-day purge.
import { sha256Hex } from "../lib/crypto";
import { CONFIRM_MAIL_INTERVAL_MINUTES, CONFIRM_MAILS_PER_SIGNUP, UNCONFIRMED_SIGNUP_TTL_DAYS } from "../lib/policy";

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A signup on a page with confirmation on. Whatever the address's state, the same two statements run
 * in one round trip, so the reply can't tell new, pending and listed apart by its timing. Returns true
 * when a confirmation mail with this token is due: a new pending row, or a pending one whose last mail
 * is older than the interval and that has not had its share of mails. An address already listed gets
 * no mail (that would let anyone mail a list's subscribers at will); an expired pending row the purge
 * has not reached yet is dropped first, so its address starts over.
 */
export async function requestConfirmation(db: D1Database, pageId: string, email: string, token: string, now = Date.now()): Promise<boolean> {
  const tokenHash = await sha256Hex(token);
  const [, upsert] = await db.batch<{ pending_until: string }>([
    db.prepare("DELETE FROM subscribers WHERE page_id = ?1 AND email = ?2 AND pending_until <= ?3").bind(pageId, email, iso(now)),
    db
      .prepare(
        `INSERT INTO subscribers (page_id, email, created_at, announced_at, pending_until, token_hash, mailed_at, mails)
         VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?3, 1)
         ON CONFLICT (page_id, email) DO UPDATE SET token_hash = excluded.token_hash, mailed_at = excluded.mailed_at, mails = subscribers.mails + 1
         WHERE subscribers.pending_until IS NOT NULL AND (subscribers.mailed_at IS NULL OR subscribers.mailed_at <= ?6) AND subscribers.mails < ?7
         RETURNING pending_until`,
      )
      .bind(pageId, email, iso(now), iso(now + UNCONFIRMED_SIGNUP_TTL_DAYS * DAY_MS), tokenHash, iso(now - CONFIRM_MAIL_INTERVAL_MINUTES * 60_000), CONFIRM_MAILS_PER_SIGNUP),
  ]);
  return (upsert?.results.length ?? 0) > 0;
}

/** The mail could not be sent: its token is void and it does not count against the address's mails. */
export async function withdrawConfirmationMail(db: D1Database, token: string): Promise<void> {
  await db.prepare("UPDATE subscribers SET token_hash = NULL, mailed_at = NULL, mails = mails - 1 WHERE token_hash = ?").bind(await sha256Hex(token)).run();
}

export type TokenCheck =
  | { ok: true; pageId: string; slug: string; email: string; pending: boolean }
  | { ok: false; reason: "unknown" | "expired" };

/** What a mail's token stands for, without changing anything (the GET pages mail scanners open). */
export async function peekSignupToken(db: D1Database, token: string, now = Date.now()): Promise<TokenCheck> {
  const row = await db
    .prepare("SELECT s.page_id, p.slug, s.email, s.pending_until FROM subscribers s JOIN pages p ON p.id = s.page_id WHERE s.token_hash = ?")
    .bind(await sha256Hex(token))
    .first<{ page_id: string; slug: string; email: string; pending_until: string | null }>();
  if (!row) return { ok: false, reason: "unknown" };
  if (row.pending_until !== null && row.pending_until <= iso(now)) return { ok: false, reason: "expired" };
  return { ok: true, pageId: row.page_id, slug: row.slug, email: row.email, pending: row.pending_until !== null };
}

export type ConfirmResult =
  | { ok: true; pageId: string; slug: string; email: string; createdAt: string }
  | { ok: false; reason: "unknown" | "expired" | "already_confirmed" };

/** Confirm a pending signup: one conditional UPDATE … RETURNING, so exactly one caller lists it. */
export async function confirmSignup(db: D1Database, token: string, now = Date.now()): Promise<ConfirmResult> {
  const row = await db
    .prepare(
      `UPDATE subscribers SET pending_until = NULL, confirmed_at = ?2, announced_at = NULL
       WHERE token_hash = ?1 AND pending_until > ?2 RETURNING page_id, email, created_at`,
    )
    .bind(await sha256Hex(token), iso(now))
    .first<{ page_id: string; email: string; created_at: string }>();
  if (!row) {
    const seen = await peekSignupToken(db, token, now);
    return seen.ok ? { ok: false, reason: "already_confirmed" } : seen;
  }
  const slug = await db.prepare("SELECT slug FROM pages WHERE id = ?").bind(row.page_id).first<string>("slug");
  return { ok: true, pageId: row.page_id, slug: slug ?? "", email: row.email, createdAt: row.created_at };
}

/** One-click removal (RFC 8058): the token's address leaves the list, pending or confirmed. */
export async function removeByToken(db: D1Database, token: string): Promise<boolean> {
  const r = await db.prepare("DELETE FROM subscribers WHERE token_hash = ?").bind(await sha256Hex(token)).run();
  return r.meta.changes === 1;
}

/** The purge (cron): pending signups past their 7 days, with the token of their mail. */
export async function purgeUnconfirmed(db: D1Database, now = Date.now()): Promise<number> {
  const r = await db.prepare("DELETE FROM subscribers WHERE pending_until IS NOT NULL AND pending_until <= ?").bind(iso(now)).run();
  return r.meta.changes ?? 0;
}
