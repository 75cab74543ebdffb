// vitest globalSetup for the `workers` project: a tiny fake of Resend's HTTP API on 127.0.0.1, so a
// test can send mail through the real `resend` SDK (which POSTs JSON to `${baseUrl}/emails` with
// `Authorization: Bearer <key>`) and look at exactly what left the Worker. Control endpoints:
//   GET /__requests     every request recorded so far (oldest first), as JSON
//   DELETE /__requests  forget them
//   POST /__fail        answer the next recorded request with a 500, as Resend does when it is down
//   POST /__hang        answer the next recorded request only after 30 s (a Resend that does not answer)
// Worker code in workerd can reach 127.0.0.1; the URL goes to tests with provide/inject.
import { createServer } from "node:http";
import type { TestProject } from "vitest/node";
import { closeServer, listenLocally, readBody } from "../fakes/local-server";
import type { RecordedRequest } from "./recorded-request";

export default async function setup(project: TestProject) {
  const recorded: RecordedRequest[] = [];
  let failNext = false;
  let hangNext = false;

  const server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const raw = await readBody(req);

    if (path === "/__requests" && req.method === "GET") return send(200, recorded);
    if (path === "/__requests" && req.method === "DELETE") {
      recorded.length = 0;
      return send(204, undefined);
    }
    if (path === "/__fail" && req.method === "POST") {
      failNext = true;
      return send(204, undefined);
    }
    if (path === "/__hang" && req.method === "POST") {
      hangNext = true;
      return send(204, undefined);
    }

    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = String(value);
    const entry: RecordedRequest = { method: req.method ?? "", path, headers, body };
    recorded.push(entry);

    if (hangNext) {
      hangNext = false;
      const t = setTimeout(() => send(200, { id: crypto.randomUUID() }), 30_000);
      req.socket.once("close", () => {
        clearTimeout(t);
        if (!res.writableEnded) entry.abandoned = true;
      });
      return;
    }
    if (failNext) {
      failNext = false;
      // The shape Resend's API uses for errors: { statusCode, name, message }.
      return send(500, { statusCode: 500, name: "internal_server_error", message: "The fake Resend server was told to fail." });
    }
    if (path === "/emails" && req.method === "POST") return send(200, { id: crypto.randomUUID() });
    return send(404, { statusCode: 404, name: "not_found", message: `The fake Resend server has no ${req.method} ${path}.` });
  });

  project.provide("resendFakeUrl", await listenLocally(server));

  return async () => {
    await closeServer(server);
  };
}
