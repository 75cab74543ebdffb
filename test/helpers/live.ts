import { exports } from "cloudflare:workers";

export interface LiveSocket {
  ws: WebSocket;
  next(): Promise<any>;
  close(): void;
}

/** Open the owner's live socket through the Worker, as an API client would. */
export async function openLive(slug: string, token?: string, query = ""): Promise<{ res: Response; live?: LiveSocket }> {
  const headers: Record<string, string> = { upgrade: "websocket" };
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
  ws.accept();
  const next = () =>
    queue.length
      ? Promise.resolve(queue.shift())
      : new Promise((resolve, reject) => {
          waiters.push(resolve);
          setTimeout(() => reject(new Error("no live message within 2 s")), 2000);
        });
  return { res, live: { ws, next, close: () => ws.close(1000, "done") } };
}
