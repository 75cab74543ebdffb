import { exports } from "cloudflare:workers";

export interface LiveSocket {
  ws: WebSocket;
  next(): Promise<any>;
  close(): void;
  /** Resolves when the server closes the socket, with its code and reason. */
  closed: Promise<{ code: number; reason: string }>;
}

/** Open the owner's live socket through the Worker, as an API client would. */
export async function openLive(slug: string, token?: string, query = "", extraHeaders: Record<string, string> = {}): Promise<{ res: Response; live?: LiveSocket }> {
  const headers: Record<string, string> = { upgrade: "websocket", ...extraHeaders };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await exports.default.fetch(new Request(`http://localhost/api/v1/pages/${slug}/live${query}`, { headers }));
  const ws = res.webSocket;
  if (!ws) return { res };
  const queue: any[] = [];
  const waiters: ((m: any) => void)[] = [];
  ws.addEventListener("message", (e) => {
    const msg = JSON.parse(e.data as string);
    const w = waiters.shift();
    if (w) w(msg);
    else queue.push(msg);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason })));
  ws.accept();
  const next = () =>
    queue.length
      ? Promise.resolve(queue.shift())
      : new Promise((resolve, reject) => {
          waiters.push(resolve);
          setTimeout(() => reject(new Error("no live message within 2 s")), 2000);
        });
  return { res, live: { ws, next, closed, close: () => ws.close(1000, "done") } };
}
