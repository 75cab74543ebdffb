// Every route that reads a body has a size limit (docs/limits.md#body-sizes), not only /api/v1: over
// it the answer is 413 — a page in words for a form, problem+json for the API — the body is not read
// further, and nothing of it comes back.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { createPage } from "../helpers/create-page";
import { createViaForm, editorEtag } from "../helpers/dashboard";
import { signIn } from "../helpers/sign-in";
import { uniqueSlug } from "../helpers/create-page";

const MARKER = "ECHO-ME-BACK-<script>";
const FORM_LIMIT = 16 * 1024;

/** A urlencoded form of about `bytes`, every field carrying the marker. */
const bigForm = (bytes: number, fields: Record<string, string> = {}) =>
  new URLSearchParams({ ...fields, email: `${MARKER}@example.com`, details: MARKER + "x".repeat(bytes) }).toString();

/** A body that sends `bytes` and then never ends: only a server that stops reading can answer. */
function endless(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode(`details=${encodeURIComponent(MARKER)}${"x".repeat(bytes)}`);
  return new ReadableStream({ start: (c) => c.enqueue(chunk) }); // never closed
}

async function expectTooLargePage(res: Response) {
  expect(res.status).toBe(413);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  const html = await res.text();
  expect(html).toContain("at most 16 KiB");
  expect(html).not.toContain("ECHO-ME-BACK");
}

describe("HTML form routes refuse bodies over 16 KiB with 413, never echoing them", () => {
  it("every door, signed out and signed in, with Content-Length", async () => {
    const s = await signIn();
    const { slug } = await createPage();
    const mine = await createViaForm(s, uniqueSlug("mine"));
    const doors: [string, Record<string, string>][] = [
      ["/login", {}],
      ["/auth/verify", {}],
      [`/report/${slug}`, {}],
      [`/${slug}/subscribe`, {}],
      ["/dashboard/pages", s.headers],
      ["/dashboard/claim", s.headers],
      ["/dashboard/account/api-keys", s.headers],
      [`/dashboard/pages/${mine}/pro/webhooks`, s.headers],
      [`/dashboard/pages/${mine}/pro/signup`, s.headers],
    ];
    for (const [path, headers] of doors) {
      const res = await call("POST", path, {
        rawBody: bigForm(FORM_LIMIT),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", ...headers },
      });
      await expectTooLargePage(res);
    }
    // Just under the limit, a form is read as usual (here: the login form's own answer).
    const ok = await call("POST", "/login", { rawBody: new URLSearchParams({ email: "ada@example.com", pad: "x".repeat(FORM_LIMIT - 200) }).toString(), headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" } });
    expect(ok.status).toBe(200);
  });

  it("a body with no Content-Length that never ends is cut off at the limit and answered", async () => {
    for (const path of ["/login", "/auth/verify"]) {
      const req = new Request(`http://localhost${path}`, {
        method: "POST",
        body: endless(FORM_LIMIT + 1024),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", "cf-connecting-ip": "198.51.100.9" },
        duplex: "half",
      } as RequestInit);
      await expectTooLargePage(await exports.default.fetch(req));
    }
  });

  it("the editor's no-JS save takes a whole page of 100 long links, and refuses more than 1 MiB", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("ed"));
    const etag = await editorEtag(s, slug);
    const fields: Record<string, string> = { displayName: "Ada", bio: "", "theme.preset": "classic", etag };
    for (let i = 0; i < 100; i++) {
      fields[`links.${i}.title`] = `Link ${i}`;
      fields[`links.${i}.url`] = `https://example.com/${"%2F/".repeat(500)}`.slice(0, 2048);
      fields[`links.${i}.enabled`] = "on";
    }
    const form = new URLSearchParams(fields).toString();
    expect(form.length).toBeGreaterThan(FORM_LIMIT * 10);
    const saved = await call("POST", `/dashboard/pages/${slug}`, { rawBody: form, headers: { "content-type": "application/x-www-form-urlencoded", ...s.headers } });
    expect(saved.status, await saved.clone().text()).toBe(303);
    const huge = await call("POST", `/dashboard/pages/${slug}`, { rawBody: bigForm(1024 * 1024, fields), headers: { "content-type": "application/x-www-form-urlencoded", ...s.headers } });
    expect(huge.status).toBe(413);
    expect(await huge.text()).not.toContain("ECHO-ME-BACK");
  });

  it("the API keeps its 256 KiB (problem+json), and a form-sized limit doesn't apply there", async () => {
    const res = await call("POST", "/api/v1/pages", { rawBody: JSON.stringify({ slug: "x", displayName: MARKER, bio: "y".repeat(300 * 1024) }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    expect(await res.text()).not.toContain("ECHO-ME-BACK");
    const links = Array.from({ length: 100 }, (_, i) => ({ title: `L${i}`, url: `https://example.com/${"a".repeat(1000)}` }));
    expect((await call("POST", "/api/v1/pages", { body: { slug: uniqueSlug("big"), displayName: "Big", links } })).status).toBe(201);
  });
});
