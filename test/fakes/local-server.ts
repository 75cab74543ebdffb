// What the two fake servers of the test suite (test/resend-fake, test/webhook-fake) share: listening
// on a free port of 127.0.0.1, closing down, and reading a request body.
import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Listen on a free loopback port; resolves to the server's base URL. */
export async function listenLocally(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Drop open connections and stop listening. */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
