import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { ClickShard } from "../../src/click-shard/click-shard";
import { SHARD_COUNT, SHARD_ON_CLICKS } from "../../src/lib/click-capacity";
import type { LinkPage } from "../../src/link-page/link-page";
import { faultyD1Of, type FaultyD1 } from "./faulty-d1";

export const shardNames = (slug: string) => Array.from({ length: SHARD_COUNT }, (_, k) => `${slug}#${k}`);
export const shardStub = (name: string): DurableObjectStub<ClickShard> => env.CLICK_SHARD.getByName(name);

/** Rows of a table in a click shard's SQLite. */
export function shardRows(name: string, table: string): Promise<Record<string, unknown>[]> {
  return runInDurableObject(shardStub(name), (_i, s) => s.storage.sql.exec(`SELECT * FROM ${table}`).toArray());
}

/**
 * Make the page hot the way production does: SHARD_ON_CLICKS clicks reach its DO within one window
 * (one grouped call here, as an isolate's batcher sends them). Answers the shard count the DO now tells routers.
 */
export async function heatUp(slug: string, linkId: string): Promise<number> {
  const stub: DurableObjectStub<LinkPage> = env.LINK_PAGE.getByName(slug);
  const now = Date.now();
  let shards = 0;
  for (let sent = 0; sent < SHARD_ON_CLICKS; sent += 100) {
    shards = (await stub.clicks(Array.from({ length: 100 }, () => ({ linkId, at: now, country: "", referrer: null })))).shards;
  }
  return shards;
}

/** Swap a shard's D1 for a FaultyD1 (as installFaultyD1 does for a page DO). */
export function installShardFaultyD1(name: string): Promise<FaultyD1> {
  return runInDurableObject(shardStub(name), (instance: ClickShard) => faultyD1Of(instance));
}
