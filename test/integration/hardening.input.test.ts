import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { mailTo, someClient, uniqueEmail } from "../helpers/sign-in";

const countPages = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM pages").first<{ n: number }>())!.n;

/** Every answer to hostile input: a 2xx result or a 4xx problem+json — never a 5xx, never a stack. */
async function expectCleanAnswer(res: Response, label: string): Promise<void> {
  const text = await res.text();
  expect(res.status, `${label}: ${text.slice(0, 200)}`).toBeLessThan(500);
  if (res.status >= 400) expect(res.headers.get("content-type"), label).toMatch(/problem\+json|text\/html/);
  expect(text, label).not.toMatch(/\bat .+:\d+:\d+|\.ts:\d+|Error: /);
}

describe("hostile slugs", () => {
  it.each([
    "", "a", "a".repeat(33), "a".repeat(10_000), "../admin", "%2e%2e%2f", "..%2fadmin", "ａｄｍｉｎ", "аdmin" /* Cyrillic а */,
    "adm\u200bin", "ad\u202emin", "cafe\u0301", "caf\u00e9", "ab\u0000c", "ab\nc", "ab c", "ADMIN", "well-known", "-abc", "abc-",
  ])("POST /api/v1/pages refuses or accepts %j cleanly, without a half-written page", async (slug) => {
    const before = await countPages();
    const res = await call("POST", "/api/v1/pages", { body: { slug, displayName: "X" } });
    const ok = res.status === 201;
    await expectCleanAnswer(res, slug);
    expect(await countPages()).toBe(before + (ok ? 1 : 0));
    if (ok) expect(slug).toMatch(/^[a-z0-9][a-z0-9_-]+$/i);
  });

  it.each(["%2e%2e%2fadmin", "..%2F..%2Fapi", "%00", "ａｄｍｉｎ", "a%0d%0aSet-Cookie:x=1"])("GET /%s answers cleanly", async (path) => {
    const res = await call("GET", `/${path}`);
    await expectCleanAnswer(res, path);
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});

describe("hostile URLs", () => {
  it.each([
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\u0000javascript:alert(1)", "\u001fjavascript:alert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "javascript&#58;alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x",
    "file:///etc/passwd", "//evil.example", "\\\\evil.example", "/\\evil.example", "https://melinks@evil.example", "https://a:b@evil.example",
    "https://exa\r\nmple.com", "https://e.example/" + "a".repeat(2049), "https://e.example/" + "a".repeat(100_000), "blob:https://x/y",
  ])("refuses %j with 400 naming links.0.url", async (url) => {
    const res = await call("POST", "/api/v1/pages", { body: { slug: uniqueSlug(), displayName: "X", links: [{ title: "t", url }] } });
    expect(res.status).toBe(res.status === 413 ? 413 : 400);
    if (res.status === 400) expect(((await res.json()) as any).errors.map((e: any) => e.field)).toContain("links.0.url");
  });

  it("stores an IDN host in its ASCII (punycode) form", async () => {
    const res = await call("POST", "/api/v1/pages", { body: { slug: uniqueSlug(), displayName: "X", links: [{ title: "t", url: "https://bücher.example/" }] } });
    expect(((await res.json()) as any).page.links[0].url).toBe("https://xn--bcher-kva.example/");
  });
});

describe("hostile text is stored faithfully or refused, and always escaped", () => {
  it.each([
    ["markup", "<script>alert(1)</script>"],
    ["a style breakout", "</style><script>x</script>"],
    ["a lone surrogate", "bad \ud800 text"],
    ["a BOM", "\ufeffhello"],
    ["10,000 combining marks", "a" + "\u0301".repeat(10_000)],
    ["RTL override", "\u202eevil\u202c"],
  ])("%s in the display name", async (_n, displayName) => {
    const res = await call("POST", "/api/v1/pages", { body: { slug: uniqueSlug(), displayName } });
    await expectCleanAnswer(res.clone(), _n);
    if (res.status === 201) {
      const { page } = (await res.json()) as any;
      const html = await (await call("GET", `/${page.slug}`)).text();
      expect(html).not.toMatch(/<script>|<\/style><script/);
    }
  });
});

describe("hostile bodies", () => {
  const raw = (rawBody: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
    call("POST", "/api/v1/pages", { rawBody: rawBody ?? undefined, headers });

  it.each([
    ["empty", ""],
    ["null", "null"],
    ["an array", "[]"],
    ["a number", "42"],
    ["a huge exponent", JSON.stringify({ slug: uniqueSlug(), displayName: 1e309 }).replace("null", "1e309")],
    ["deep nesting", "[".repeat(100_000) + "]".repeat(100_000)],
    ["duplicate keys", `{"slug":"${uniqueSlug()}","displayName":"A","displayName":"B"}`],
    ["__proto__", `{"slug":"${uniqueSlug()}","displayName":"A","__proto__":{"admin":true}}`],
    ["constructor", `{"slug":"${uniqueSlug()}","displayName":"A","constructor":{"prototype":{"x":1}}}`],
    ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0x73, 0xff, 0xfe, 0x22, 0x7d])],
  ])("%s answers cleanly", async (name, body) => {
    const before = await countPages();
    const res = await raw(body as BodyInit);
    const created = res.status === 201;
    await expectCleanAnswer(res, name);
    expect(await countPages()).toBe(before + (created ? 1 : 0));
  });

  it("a 1 MB body is refused with 413 while streaming, with or without Content-Length", async () => {
    const big = JSON.stringify({ slug: uniqueSlug(), displayName: "x", bio: "y".repeat(1_000_000) });
    expect((await raw(big)).status).toBe(413);
    const chunked = new ReadableStream({
      start(c) {
        const enc = new TextEncoder().encode(big);
        for (let i = 0; i < enc.length; i += 65_536) c.enqueue(enc.slice(i, i + 65_536));
        c.close();
      },
    });
    const res = await exports.default.fetch(new Request("http://localhost/api/v1/pages", { method: "POST", body: chunked, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit));
    expect(res.status).toBe(413);
  });

  it.each([
    ["no content type", {}],
    ["text/plain", { "content-type": "text/plain" }],
    ["a form", { "content-type": "application/x-www-form-urlencoded" }],
    ["a bogus content type", { "content-type": "application/json; charset=nonsense; x" }],
  ])("%s with a JSON body answers 4xx cleanly", async (name, headers) => {
    const res = await raw(JSON.stringify({ slug: uniqueSlug(), displayName: "X" }), headers as Record<string, string>);
    await expectCleanAnswer(res.clone(), name);
    expect([201, 400, 415]).toContain(res.status);
  });

  it("random JSON values never cause a 5xx (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const res = await raw(JSON.stringify(value));
        expect(res.status).toBeLessThan(500);
        await res.body?.cancel();
      }),
      { numRuns: 60 },
    );
  });

  it("random objects shaped like a page never cause a 5xx and never write a page that breaks the rules (property)", async () => {
    const anyString = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }), fc.constantFrom("javascript:x", "https://ok.example", "ADMIN"));
    await fc.assert(
      fc.asyncProperty(
        fc.record({ slug: anyString, displayName: anyString, bio: fc.option(anyString), links: fc.option(fc.array(fc.record({ title: anyString, url: anyString }), { maxLength: 3 })) }, { requiredKeys: [] }),
        async (body) => {
          const res = await call("POST", "/api/v1/pages", { body });
          expect(res.status).toBeLessThan(500);
          if (res.status === 201) {
            const { page } = (await res.json()) as any;
            expect(page.slug).toMatch(/^[a-z0-9][a-z0-9_-]{2,31}$/);
            for (const l of page.links) expect(l.url).toMatch(/^(https?:|mailto:|tel:)/);
          } else await res.body?.cancel();
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("hostile headers", () => {
  it("an mlc_ claim token where an API key is expected, and the reverse, are refused", async () => {
    const { token } = await createPage();
    expect((await call("GET", "/api/v1/me", { token })).status).toBe(403);
    expect((await call("GET", "/api/v1/api-keys", { token })).status).toBe(403);
  });

  it("a spoofed Host or X-Forwarded-Host never reaches a sign-in link", async () => {
    const email = uniqueEmail("host");
    const res = await exports.default.fetch(
      new Request("http://evil.example/api/v1/auth/magic-link", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-host": "evil.example", ...someClient() },
        body: JSON.stringify({ email }),
      }),
    );
    expect(res.status).toBe(202);
    const mail = await mailTo(email);
    expect(mail.text).not.toContain("evil.example");
    expect(mail.text).toContain("http://localhost:8787/auth/verify?token=");
  });

  it("Content-Length: abc is answered cleanly", async () => {
    const res = await call("POST", "/api/v1/pages", { rawBody: "{}", headers: { "content-type": "application/json", "content-length": "abc" } }).catch((e) => e);
    if (res instanceof Response) await expectCleanAnswer(res, "content-length");
  });
});
