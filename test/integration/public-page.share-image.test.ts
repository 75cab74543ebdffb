import { PhotonImage } from "@cf-wasm/photon";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { createPage } from "../helpers/create-page";
import { jpeg } from "../helpers/images";

const setPhoto = async (slug: string, token: string) =>
  json(await call("PUT", `/api/v1/pages/${slug}/avatar`, { token, rawBody: jpeg(200, 200), headers: { "content-type": "image/jpeg" } }));
const meta = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(html)?.[1];

describe("the photo on the public page and as its share image", () => {
  it("shows the photo with its size instead of the initial; og:image is the photo's absolute JPEG address", async () => {
    const p = await createPage();
    const page = await setPhoto(p.slug, p.token);
    const res = await call("GET", `/${p.slug}`);
    const html = await res.text();
    const path = new URL(page.avatar.url).pathname;
    expect(html).toContain(`<img class="avatar" src="${path}" width="200" height="200" alt=""`);
    expect(html).not.toContain('<div class="avatar"');
    expect(res.headers.get("content-security-policy")).toContain("img-src 'self'");
    expect(meta(html, "og:image")).toBe(page.avatar.url);
    expect(meta(html, "twitter:card")).toBe("summary");
    expect(html).not.toContain("<script");
  });

  it("a page with a photo and 10 links stays within budget: ≤ 16 KB of HTML with its CSS, one subresource (the photo), no script", async () => {
    const links = Array.from({ length: 10 }, (_, i) => ({ title: `A fairly ordinary link title ${i}`, url: `https://example.com/some/path/${i}?ref=bio` }));
    const p = await createPage({ links });
    await setPhoto(p.slug, p.token);
    const html = await (await call("GET", `/${p.slug}`)).text();
    expect(new TextEncoder().encode(html).length).toBeLessThanOrEqual(16 * 1024);
    expect([...html.matchAll(/\ssrc="([^"]+)"/g)].map((m) => m[1])).toEqual([expect.stringMatching(/^\/media\/pg_[\w-]+\/[0-9a-f]{64}\.jpg$/)]);
    expect(html).not.toMatch(/<script|<link rel="stylesheet"/);
  });

  it("without a photo, og:image is a PNG card of this page version, drawn from name and theme and cached for good", async () => {
    const p = await createPage({ displayName: "Grace Hopper", theme: { preset: "midnight" } });
    const html = await (await call("GET", `/${p.slug}`)).text();
    const url = meta(html, "og:image")!;
    expect(url).toMatch(/^http:\/\/localhost\/media\/card\/pg_[\w-]+-1\.png$/);
    expect(meta(html, "twitter:card")).toBe("summary_large_image");

    // An edit makes a new version: an address of a version never drawn sends crawlers to the current one.
    await call("PATCH", `/api/v1/pages/${p.slug}`, { token: p.token, body: { displayName: "Rear Admiral Hopper" } });
    const url2 = meta(await (await call("GET", `/${p.slug}`)).text(), "og:image")!;
    expect(url2).toBe(url.replace(/-1\.png$/, "-2.png"));
    const old = await call("GET", new URL(url).pathname);
    expect(old.status).toBe(302);
    expect(old.headers.get("location")).toBe(new URL(url2).pathname);

    const card = await call("GET", new URL(url2).pathname);
    expect(card.status).toBe(200);
    expect(card.headers.get("content-type")).toBe("image/png");
    expect(card.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const bytes = new Uint8Array(await card.arrayBuffer());
    const img = PhotonImage.new_from_byteslice(bytes);
    expect([img.get_width(), img.get_height()]).toEqual([1200, 630]);
    expect([...img.get_raw_pixels().subarray(0, 3)]).toEqual([0x0d, 0x11, 0x17]); // midnight's background
    img.free();
  });

  it("no card for unknown pages or made-up names", async () => {
    expect((await call("GET", "/media/card/pg_nope-1.png")).status).toBe(404);
    expect((await call("GET", "/media/card/../../etc.png")).status).toBe(404);
    expect((await call("GET", `/media/pg_nope/${"a".repeat(64)}.jpg`)).status).toBe(404);
  });
});

describe("export with a photo", () => {
  it("the JSON export carries the photo's bytes; the HTML copy embeds it and has only absolute addresses", async () => {
    const p = await createPage();
    const page = await setPhoto(p.slug, p.token);
    const stored = new Uint8Array(await (await call("GET", new URL(page.avatar.url).pathname)).arrayBuffer());

    const doc = await json(await call("GET", `/api/v1/pages/${p.slug}/export`, { token: p.token }));
    expect(doc.page.avatar).toEqual(page.avatar);
    expect(doc.photo.contentType).toBe("image/jpeg");
    expect(Uint8Array.from(atob(doc.photo.base64), (ch) => ch.charCodeAt(0))).toEqual(stored);

    const html = await (await call("GET", `/api/v1/pages/${p.slug}/export?format=html`, { token: p.token })).text();
    expect(html).toContain(`<img class="avatar" src="data:image/jpeg;base64,${doc.photo.base64}"`);
    const refs = [...html.matchAll(/(?:href|src|action)="([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(2);
    for (const r of refs) expect(r).toMatch(/^(https?:\/\/|data:image\/jpeg;base64,)/);
    expect(html).toContain('href="http://localhost/privacy"'); // the request's origin in local dev
  });
});
