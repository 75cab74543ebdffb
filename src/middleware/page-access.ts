import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import { claimTokenMatches } from "../auth/claim-token";
import { readCredential } from "../auth/credentials";
import { findPageBySlug, type PageIndexRow } from "../db/pages";
import type { AppEnv } from "../env";
import { AppError } from "../lib/errors";
import { isValidSlug } from "../schemas/slug";

/**
 * May the caller manage the page `slug`? No credentials → 401; unknown page → 404; credentials
 * that don't own it → 403. Returns the D1 index row for the handler.
 */
export async function requirePageAccess(c: Context<AppEnv>, rawSlug: string): Promise<PageIndexRow> {
  const cred = readCredential(c.req.header("authorization"));
  if (!cred) {
    throw new AppError("unauthorized", "Send `Authorization: Bearer <claim token>` to manage this page.", {
      headers: { "www-authenticate": 'Bearer realm="melinks"' },
    });
  }
  const slug = rawSlug.toLowerCase();
  const row = isValidSlug(slug) ? await findPageBySlug(c.env.DB, slug) : null;
  if (!row) throw new AppError("not_found", `There is no page "${slug}".`);
  if (cred.kind === "claim" && (await claimTokenMatches(cred.token, row.claim_token_hash))) return row;
  throw new AppError("forbidden", "These credentials do not allow managing this page.");
}

/** Route middleware form: runs before body validation, so an anonymous caller learns nothing from 400s. */
export const pageAccess = createMiddleware<AppEnv>(async (c, next) => {
  c.set("pageRow", await requirePageAccess(c, c.req.param("slug") ?? ""));
  await next();
});
