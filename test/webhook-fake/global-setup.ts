// vitest globalSetup for the `workers` project: a fake webhook receiver on 127.0.0.1 (which Worker code
// in workerd can reach, and which ENVIRONMENT "development" allows over http). Each test uses its own
// bin, so files running in parallel never see each other's requests. What an endpoint does is chosen
// by query parameters of the webhook URL:
//   POST /hook/<bin>                      record, answer 204
//   POST /hook/<bin>?status=500           record, answer that status
//   POST /hook/<bin>?fail=2               record, answer 503 to the first 2 requests of the bin, then 204
//   POST /hook/<bin>?redirect=<url>       record, answer 302 to <url> (a receiver must not follow it)
//   POST /hook/<bin>?hang=1               record, never answer (until the server closes)
//   GET  /__requests/<bin>                what the bin recorded, oldest first (RecordedWebhook[])
import { createServer, type ServerResponse } from "node:http";
import type { TestProject } from "vitest/node";
import { closeServer, listenLocally, readBody } from "../fakes/local-server";
import type { RecordedWebhook } from "./recorded-webhook";

export default async function setup(project: TestProject) {
  const bins = new Map<string, RecordedWebhook[]>();
  const hanging = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const [, kind, bin = ""] = url.pathname.split("/");
    const body = await readBody(req);
    if (kind === "__requests" && req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify(bins.get(bin) ?? []));
    }
    if (kind !== "hook" || !bin) {
      res.writeHead(404);
      return res.end();
    }
    const list = bins.get(bin) ?? [];
    bins.set(bin, list);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = String(value);
    list.push({ method: req.method ?? "", path: url.pathname + url.search, headers, body, at: Date.now() });

    const q = url.searchParams;
    if (q.has("hang")) {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (q.has("redirect")) {
      res.writeHead(302, { location: q.get("redirect")! });
      return res.end();
    }
    if (q.has("fail") && list.length <= Number(q.get("fail"))) {
      res.writeHead(503);
      return res.end("down for a moment");
    }
    res.writeHead(q.has("status") ? Number(q.get("status")) : 204);
    res.end();
  });

  project.provide("webhookFakeUrl", await listenLocally(server));

  return async () => {
    for (const res of hanging) res.destroy();
    await closeServer(server);
  };
}
