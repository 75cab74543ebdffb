/**
 * Run `burst` inside one rate-limit window. Cloudflare's limiter (and miniflare's, in tests) counts in
 * windows aligned to the clock, so a burst that straddles a boundary sees the count restart midway.
 * On a busy machine a few hundred requests can take long enough for that to happen: the window number
 * before and after is the explicit signal, and a straddling burst is run again with a fresh identity
 * (`attempt` tells it which). The burst returns what it saw; assert on that only after this returns.
 */
export async function inOneWindow<T>(periodS: number, burst: (attempt: number) => Promise<T>): Promise<T> {
  const windowOf = () => Math.floor(Date.now() / (periodS * 1000));
  for (let attempt = 0; attempt < 4; attempt++) {
    const before = windowOf();
    const seen = await burst(attempt);
    if (windowOf() === before) return seen;
  }
  throw new Error(`four bursts in a row straddled a ${periodS} s rate-limit window`);
}

/** Generous time for tests that send hundreds of requests: a 2-core machine shared with other work is slow. */
export const MANY_REQUESTS_TIMEOUT_MS = 240_000;
