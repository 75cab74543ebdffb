// When a page's clicks go to shards (src/link-page/shard-switch.ts), with time passed in by the test.
import { describe, expect, it } from "vitest";
import { SHARD_COUNT, SHARD_OFF_CLICKS, SHARD_ON_CLICKS, SHARD_QUIET_WINDOWS, SHARD_WINDOW_MS } from "../../src/lib/click-capacity";
import { ShardSwitch } from "../../src/link-page/shard-switch";

const W = SHARD_WINDOW_MS;

describe("ShardSwitch", () => {
  it("stays off below the rate, turns on when a window holds SHARD_ON_CLICKS", () => {
    const sw = new ShardSwitch(0);
    for (let t = 0; t < 10 * W; t += W / 10) expect(sw.counted(SHARD_ON_CLICKS / 20, t)).toBe(0); // half the rate, for 10 windows
    expect(sw.counted(SHARD_ON_CLICKS, 10 * W + 1)).toBe(SHARD_COUNT);
  });

  it("a burst straddling a window edge counts whole", () => {
    const sw = new ShardSwitch(0);
    sw.counted(1, 0);
    expect(sw.counted(SHARD_ON_CLICKS * 0.6, W - 50)).toBe(0);
    expect(sw.counted(SHARD_ON_CLICKS * 0.6, W + 50)).toBe(SHARD_COUNT);
  });

  it("turns off only after SHARD_QUIET_WINDOWS quiet windows in a row, also when the quiet was silence", () => {
    const on = () => {
      const sw = new ShardSwitch(0);
      sw.counted(SHARD_ON_CLICKS, 0);
      return sw;
    };
    const a = on();
    let t = W;
    for (let i = 0; i < SHARD_QUIET_WINDOWS; i++, t += W) expect(a.counted(SHARD_OFF_CLICKS - 1, t)).toBe(SHARD_COUNT);
    expect(a.counted(0, t)).toBe(0);
    // A busy window in between starts the count again.
    const b = on();
    b.counted(SHARD_OFF_CLICKS - 1, W);
    b.counted(SHARD_OFF_CLICKS, 2 * W);
    b.counted(0, 3 * W);
    expect(b.counted(0, 4 * W)).toBe(SHARD_COUNT);
    // Silence: the next click after several empty windows finds the page quiet.
    expect(on().counted(1, W + SHARD_QUIET_WINDOWS * W)).toBe(0);
  });
});
