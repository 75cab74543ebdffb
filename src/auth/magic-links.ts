// Magic-link sign-in (docs/contract.md#accounts-sign-in-and-the-api): a 32-byte token, stored only as its SHA-256, valid 15 minutes,
// consumed by one DELETE … RETURNING so two concurrent uses can't both sign in.
import { randomBase64url, sha256Hex } from "../lib/crypto";
import { SIGN_IN_MAIL } from "../lib/limits";
import { MAGIC_LINK_TTL_MINUTES, SIGN_IN_SENDS_KEPT_HOURS } from "../lib/policy";

const HOUR_MS = SIGN_IN_SENDS_KEPT_HOURS * 3_600_000;
const RESEND_AFTER_MS = SIGN_IN_MAIL.resendAfterMinutes * 60_000;

/** `sent: false`: the address already has a working link from moments ago — that one serves (no new mail). */
export type IssueResult = { sent: true; token: string; sentAt: number } | { sent: false };

/**
 * A new link for `email`, unless its inbox already holds a working one that is recent enough
 * (docs/limits.md#sign-in). A new mail goes out when the address has no unused, unexpired link (the
 * last was used, withdrawn or expired), or when the newest is RESEND_AFTER old and fewer than
 * SIGN_IN_MAIL.quickPerHour went out in the last hour. Nobody is ever locked out — whoever asked,
 * the real person's inbox holds a link that works — and a flood reaches the inbox at most
 * 6 times in its first hour, then once per link lifetime (15 minutes).
 * One D1 batch (a transaction), so two requests at once can't both send.
 */
export async function issueMagicLink(db: D1Database, email: string, next: string | null, now = Date.now()): Promise<IssueResult> {
  const token = randomBase64url(32);
  const tokenHash = await sha256Hex(token);
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO magic_links (token_hash, email, next, created_at, expires_at)
         SELECT ?1, ?2, ?3, ?4, ?5
         WHERE NOT EXISTS (SELECT 1 FROM magic_links WHERE email = ?2 AND expires_at > ?4)
            OR ((SELECT COALESCE(MAX(sent_at), 0) FROM magic_link_sends WHERE email = ?2) <= ?4 - ?6
                AND (SELECT COUNT(*) FROM magic_link_sends WHERE email = ?2 AND sent_at > ?4 - ?7) < ?8)`,
      )
      .bind(tokenHash, email, next, now, now + MAGIC_LINK_TTL_MINUTES * 60_000, RESEND_AFTER_MS, HOUR_MS, SIGN_IN_MAIL.quickPerHour),
    // The send is recorded only with its link (same transaction): what the rule above counts.
    db.prepare("INSERT INTO magic_link_sends (email, sent_at) SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM magic_links WHERE token_hash = ?3)").bind(email, now, tokenHash),
    // Housekeeping: nothing about a sign-in attempt is kept longer than it is needed.
    db.prepare("DELETE FROM magic_links WHERE expires_at < ?").bind(now - HOUR_MS),
    db.prepare("DELETE FROM magic_link_sends WHERE sent_at < ?").bind(now - HOUR_MS),
  ]);
  return inserted!.meta.changes === 1 ? { sent: true, token, sentAt: now } : { sent: false };
}

/**
 * A link whose mail could not be sent: delete it, so no usable token is left, and its send record,
 * so an outage does not count as a mail the address received.
 */
export async function withdrawMagicLink(db: D1Database, email: string, token: string, sentAt: number): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM magic_links WHERE token_hash = ?").bind(await sha256Hex(token)),
    db.prepare("DELETE FROM magic_link_sends WHERE rowid = (SELECT rowid FROM magic_link_sends WHERE email = ? AND sent_at = ? LIMIT 1)").bind(email, sentAt),
  ]);
}

/** Every sign-in link still pending for the address (signing out everywhere ends those too). */
export async function withdrawAllMagicLinks(db: D1Database, email: string): Promise<void> {
  await db.prepare("DELETE FROM magic_links WHERE email = ?").bind(email).run();
}

export type LinkCheck = { ok: true; email: string; next: string | null } | { ok: false; reason: "unknown_or_used" | "expired" };

type LinkRow = { email: string; next: string | null; expires_at: number };

/** Look without consuming (the GET confirmation page, which mail scanners may open). */
export function peekMagicLink(db: D1Database, token: string, now = Date.now()): Promise<LinkCheck> {
  return checkLink(db, "SELECT email, next, expires_at FROM magic_links WHERE token_hash = ?", token, now);
}

/** Consume the token: one DELETE … RETURNING, so exactly one caller gets ok. */
export function consumeMagicLink(db: D1Database, token: string, now = Date.now()): Promise<LinkCheck> {
  return checkLink(db, "DELETE FROM magic_links WHERE token_hash = ? RETURNING email, next, expires_at", token, now);
}

async function checkLink(db: D1Database, sql: string, token: string, now: number): Promise<LinkCheck> {
  const row = await db.prepare(sql).bind(await sha256Hex(token)).first<LinkRow>();
  if (!row) return { ok: false, reason: "unknown_or_used" };
  if (row.expires_at <= now) return { ok: false, reason: "expired" };
  return { ok: true, email: row.email, next: row.next };
}

/**
 * A `next` we may redirect to after sign-in: a path on our own origin, in the canonical form the URL
 * parser gives it, never `//host`, `/\host` or a scheme — whatever it is given, on the first pass.
 * The parser's own normalisation can *make* such a path (`/.//evil.com` → `//evil.com`, `/\evil.com`
 * → `//evil.com`), so the check runs on its output, not the input. Control characters are refused
 * outright: the parser silently drops tabs and newlines, so what was typed is not what is followed.
 * Idempotent: `safeNext(safeNext(x)) === safeNext(x)` (test/unit/safe-next.test.ts).
 */
export function safeNext(next: string | null | undefined, origin: string): string | null {
  if (!next || !next.startsWith("/") || /[\u0000-\u001F\u007F]/.test(next)) return null;
  let u: URL;
  try {
    u = new URL(next, origin);
  } catch {
    return null;
  }
  if (u.origin !== origin) return null;
  const out = u.pathname + u.search + u.hash;
  return /^\/(?![/\\])/.test(out) ? out : null;
}
