import { listSubscribers } from "../db/subscribers";
import { csvRows } from "../lib/csv";

const CHUNK = 1000;

/** All listed subscribers of a page (never pending ones) as a streamed CSV: D1 is read 1,000 rows at a time, never all at once. */
export function subscriberCsvStream(db: D1Database, pageId: string): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let after: { createdAt: string; email: string } | undefined;
  let headerSent = false;
  return new ReadableStream({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(enc.encode(csvRows([["email", "subscribed_at", "confirmed_at"]])));
      }
      const rows = await listSubscribers(db, pageId, CHUNK, after);
      if (rows.length) controller.enqueue(enc.encode(csvRows(rows.map((r) => [r.email, r.created_at, r.confirmed_at ?? ""]))));
      if (rows.length < CHUNK) return controller.close();
      const last = rows.at(-1)!;
      after = { createdAt: last.created_at, email: last.email };
    },
  });
}
