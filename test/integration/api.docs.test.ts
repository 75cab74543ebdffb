// /docs/api (docs/contract.md#privacy-promises): the API reference page loads only from our origin — its CSP names no
// other origin and allows no eval — the renderer's bundle is ours to serve, and every operation's
// generated curl example can carry its credentials. (That Chromium renders it: test/e2e/docs.test.ts.)
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { INIT_PATH, RENDERER_PATH, SCALAR_CONFIG, TOKEN_PLACEHOLDERS } from "../../src/routes/docs";
import { call, json } from "../helpers/api";

const ORIGIN = "http://localhost";

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources]));
}

describe("GET /docs/api", () => {
  it("answers HTML with a CSP that allows no third-party origin and no eval", async () => {
    const res = await call("GET", "/docs/api");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = directives(res.headers.get("content-security-policy") ?? "");
    expect(csp.get("default-src")).toEqual(["'none'"]);
    expect(csp.get("script-src")).toEqual(["'self'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]); // Scalar styles from JS: this page only
    for (const [name, sources] of csp) {
      for (const source of sources) {
        expect(source, `${name} ${source}`).toMatch(/^'(self|none|unsafe-inline)'$|^data:$/);
      }
    }
    expect(csp.get("img-src")).toEqual(["'self'", "data:"]);
  });

  it("loads scripts from our origin only, none inline, and links nowhere else", async () => {
    const page = await (await call("GET", "/docs/api")).text();
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => /\bsrc="([^"]+)"/.exec(m[1]!)?.[1])).toEqual([INIT_PATH, RENDERER_PATH]);
    for (const m of scripts) expect(m[2]).toBe("");
    for (const url of page.match(/\b(?:https?:)?\/\/[^\s"'<>]+/g) ?? []) expect(url.startsWith(`${ORIGIN}/`), url).toBe(true);
    expect(page).not.toMatch(/<(link|img|iframe)\b/i);
    // The stylesheet goes out raw: HTML escaping inside <style> (&quot;) silently breaks CSS.
    expect(/<style>([\s\S]*?)<\/style>/.exec(page)?.[1]).toContain('"Segoe UI"');
  });

  it("explains how to authenticate, with a curl example", async () => {
    const page = await (await call("GET", "/docs/api")).text();
    expect(page).toContain("Authorization: Bearer mlk_…");
    expect(page).toContain("Authorization: Bearer mlc_…");
    expect(page).toContain("POST /api/v1/api-keys");
    expect(page).toContain("POST /api/v1/pages/{slug}/claim");
    expect(page).toMatch(/session cookie/i);
    expect(page).toContain(`curl ${ORIGIN}/api/v1/pages`);
    expect(page).toContain('data-url="/api/v1/openapi.json"');
  });
});

describe("the renderer", () => {
  it("serves Scalar's bundle from our origin (static assets) as JavaScript", async () => {
    // Workers static assets answer before the Worker runs, so ask the assets binding, as the edge does.
    const res = await env.ASSETS.fetch(`${ORIGIN}${RENDERER_PATH}`);
    expect(res.status, "missing bundle: run `npm run assets` (npm test does)").toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^(text|application)\/javascript/);
    const js = await res.text();
    expect(js.length).toBeGreaterThan(1_000_000);
    expect(js).toContain("createApiReference");
  });

  it("starts from our init script, served as JavaScript, with Scalar's calls home switched off", async () => {
    const res = await exports.default.fetch(`${ORIGIN}${INIT_PATH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    const js = await res.text();
    expect(js).toContain("jitless: true");
    expect(js).toContain(JSON.stringify(SCALAR_CONFIG));
    expect(SCALAR_CONFIG).toMatchObject({
      telemetry: false,
      withDefaultFonts: false,
      proxyUrl: "",
      agent: { disabled: true },
      mcp: { disabled: true },
      defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
    });
  });

  it("can give every operation a curl example with its credentials", async () => {
    const doc = await json<{
      paths: Record<string, Record<string, { summary?: string; security?: Record<string, string[]>[] }>>;
      components: { securitySchemes: Record<string, unknown> };
    }>(await call("GET", "/api/v1/openapi.json"));
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(10);
    const fillable = new Set(Object.keys(TOKEN_PLACEHOLDERS));
    for (const name of fillable) expect(doc.components.securitySchemes, name).toHaveProperty(name);
    for (const { path, method, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(op.summary, where).toBeTruthy();
      // Scalar builds the curl example from the operation; it adds an Authorization header when one of
      // the operation's schemes has a placeholder token (the browser session cannot be pasted into curl).
      const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
      if (schemes.length > 0) expect(schemes.some((s) => fillable.has(s)), `${where}: ${schemes.join(", ")}`).toBe(true);
    }
  });
});
