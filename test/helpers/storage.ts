import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";

/** Rows of a table in a page DO's own SQLite (what the DO really stored). */
export function doRows(slug: string, table: string): Promise<Record<string, unknown>[]> {
  return runInDurableObject(env.LINK_PAGE.getByName(slug), (_i, state) => state.storage.sql.exec(`SELECT * FROM ${table}`).toArray());
}

export async function d1Clicks(pageId: string): Promise<number> {
  const r = await env.DB.prepare("SELECT COALESCE(SUM(clicks), 0) AS n FROM click_counts WHERE page_id = ?").bind(pageId).first<{ n: number }>();
  return r!.n;
}

export async function pageIdOf(slug: string): Promise<string> {
  return (await env.DB.prepare("SELECT id FROM pages WHERE slug = ?").bind(slug).first<{ id: string }>())!.id;
}
