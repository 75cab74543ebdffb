// Where a router isolate sends a page's clicks (src/click-shard/routing.ts), with time passed in:
// the page's own DO until an answer says "shards", then one shard per SHARD_TURN_MS in turn, every
// shard as often as the others, and back to the page DO when an answer says 0.
import { describe, expect, it } from "vitest";
import { destination, remember } from "../../src/click-shard/routing";
import { SHARD_COUNT, SHARD_TURN_MS } from "../../src/lib/click-capacity";

let n = 0;
const slug = () => `routing-${n++}`;

describe("click shard routing", () => {
  it("a page no answer put on shards goes to its own DO", () => {
    const s = slug();
    expect(destination(s, 0)).toBe(s);
  });

  it("one shard per turn, then the next, each shard as often as the others", () => {
    const s = slug();
    remember(s, SHARD_COUNT, 1_000);
    const turns: string[] = [];
    for (let t = 1_000; t < 1_000 + 3 * SHARD_COUNT * SHARD_TURN_MS; t += SHARD_TURN_MS / 4) turns.push(destination(s, t));
    // Within a turn: always the same shard.
    for (let i = 0; i < turns.length; i += 4) expect(new Set(turns.slice(i, i + 4)).size).toBe(1);
    // Consecutive turns: the next shard, wrapping round.
    const first = Number(turns[0]!.split("#")[1]);
    for (let i = 0; i < turns.length; i += 4) expect(turns[i]).toBe(`${s}#${(first + i / 4) % SHARD_COUNT}`);
    const per = new Map<string, number>();
    for (const d of turns) per.set(d, (per.get(d) ?? 0) + 1);
    expect(per.size).toBe(SHARD_COUNT);
    expect(new Set(per.values())).toEqual(new Set([12])); // 3 rounds × 4 looks per turn
  });

  it("an answer of 0 shards sends the page's clicks back to its own DO; a later answer turns them on again", () => {
    const s = slug();
    remember(s, SHARD_COUNT, 0);
    expect(destination(s, 0)).toMatch(new RegExp(`^${s}#[0-${SHARD_COUNT - 1}]$`));
    remember(s, 0, 10);
    expect(destination(s, 10)).toBe(s);
    remember(s, SHARD_COUNT, 20);
    expect(destination(s, 20)).toMatch(/#/);
  });
});
