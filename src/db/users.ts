// D1 access for users (migrations/0003_accounts.sql).
import { randomBase64url } from "../lib/crypto";
import type { Plan } from "../schemas/page";

export interface UserRow {
  id: string;
  email: string;
  plan: Plan;
  /** Counts plan changes: a page's DO holds the plan of one version (docs/plans.md#versions). */
  plan_version: number;
  created_at: string;
  sessions_valid_after: number;
}

const COLS = "id, email, plan, plan_version, created_at, sessions_valid_after";

export function findUserById(db: D1Database, id: string): Promise<UserRow | null> {
  return db.prepare(`SELECT ${COLS} FROM users WHERE id = ?`).bind(id).first<UserRow>();
}

export function findUserByEmail(db: D1Database, email: string): Promise<UserRow | null> {
  return db.prepare(`SELECT ${COLS} FROM users WHERE email = ?`).bind(email).first<UserRow>();
}

/** The user with this email, created on first sign-in. One statement, so concurrent sign-ins can't make two. */
export async function upsertUserByEmail(db: D1Database, email: string): Promise<UserRow> {
  const row = await db
    .prepare(`INSERT INTO users (id, email, created_at) VALUES (?, ?, ?) ON CONFLICT (email) DO UPDATE SET email = excluded.email RETURNING ${COLS}`)
    .bind("us_" + randomBase64url(12), email, new Date().toISOString())
    .first<UserRow>();
  return row!;
}

/**
 * Set the plan (the authority, docs/plans.md). Bumps plan_version, whose trigger marks every page of
 * the account pending in the same statement (migrations/0016_plan_sync.sql).
 */
export async function setUserPlan(db: D1Database, email: string, plan: Plan): Promise<UserRow | null> {
  return db.prepare(`UPDATE users SET plan = ?, plan_version = plan_version + 1 WHERE email = ? RETURNING ${COLS}`).bind(plan, email).first<UserRow>();
}

/** End every session of the user started up to `nowMs` (middleware/auth.ts refuses sessions created at or before it). */
export async function endAllSessions(db: D1Database, userId: string, nowMs: number): Promise<void> {
  await db.prepare("UPDATE users SET sessions_valid_after = MAX(sessions_valid_after, ?) WHERE id = ?").bind(nowMs, userId).run();
}
