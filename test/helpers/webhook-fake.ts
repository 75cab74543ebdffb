import { inject } from "vitest";
import type { RecordedWebhook } from "../webhook-fake/recorded-webhook";

let n = 0;
/** A fresh bin on the fake receiver (test/webhook-fake/global-setup.ts): its URL and what it got. */
export function fakeEndpoint(query = "") {
  const bin = `b${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const base = inject("webhookFakeUrl");
  return {
    url: `${base}/hook/${bin}${query}`,
    received: async (): Promise<RecordedWebhook[]> => (await fetch(`${base}/__requests/${bin}`)).json(),
    /** Poll until at least `count` requests arrived (deliveries through the real queue take a moment). */
    async waitFor(count = 1, timeoutMs = 8000): Promise<RecordedWebhook[]> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const got = await this.received();
        if (got.length >= count) return got;
        if (Date.now() > end) throw new Error(`fake endpoint ${bin} got ${got.length} of ${count} requests within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
