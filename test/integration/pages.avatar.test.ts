import { PhotonImage } from "@cf-wasm/photon";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { createPage } from "../helpers/create-page";
import { containsBytes, jpeg, jpegMarkers, jpegWithGps, png, webp } from "../helpers/images";
import { expectProblem } from "../helpers/problem";
import { signIn } from "../helpers/sign-in";

const put = (slug: string, token: string, body: Uint8Array, type: string) =>
  call("PUT", `/api/v1/pages/${slug}/avatar`, { token, rawBody: body, headers: { "content-type": type } });
const pathOf = (url: string) => new URL(url).pathname;
const r2Keys = async (pageId: string) => (await env.PHOTOS.list({ prefix: `pages/${pageId}/` })).objects.map((o) => o.key);
const pageIdOf = async (slug: string) => (await env.DB.prepare("SELECT id FROM pages WHERE slug = ?").bind(slug).first<{ id: string }>())!.id;
const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const decoded = (b: Uint8Array) => {
  const img = PhotonImage.new_from_byteslice(b);
  try {
    return { width: img.get_width(), height: img.get_height() };
  } finally {
    img.free();
  }
};

describe("profile photo upload", () => {
  it("re-encodes a JPEG without its EXIF (camera, GPS) and serves it from our origin, cached for good", async () => {
    const p = await createPage();
    const original = jpegWithGps(300, 200, { make: "SpyCam 3000", gps: [48, 51, 30] });
    expect(containsBytes(original, "SpyCam 3000")).toBe(true);
    expect(jpegMarkers(original)).toContain(0xe1);

    const res = await put(p.slug, p.token, original, "image/jpeg");
    expect(res.status, await res.clone().text()).toBe(200);
    const page = await json(res);
    expect(page.avatar).toEqual({ url: expect.stringMatching(/^http:\/\/localhost\/media\/pg_[\w-]+\/[0-9a-f]{64}\.jpg$/), width: 300, height: 200 });

    const img = await call("GET", pathOf(page.avatar.url));
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/jpeg");
    expect(img.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const stored = await bytesOf(img);
    expect(jpegMarkers(stored)).not.toContain(0xe1); // no APP1: no EXIF, no XMP
    expect(jpegMarkers(stored)).not.toContain(0xfe); // no COM comment
    expect(containsBytes(stored, "Exif")).toBe(false);
    expect(containsBytes(stored, "SpyCam")).toBe(false);
    expect(containsBytes(stored, [0x88, 0x25])).toBe(false); // the GPS IFD tag
    expect(decoded(stored)).toEqual({ width: 300, height: 200 });
    // The address is the content's hash.
    const hash = /([0-9a-f]{64})\.jpg$/.exec(page.avatar.url)![1]!;
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", stored))].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(digest).toBe(hash);
  });

  it("turns a photo the camera stored sideways upright (EXIF orientation 6) before dropping the EXIF", async () => {
    const p = await createPage();
    const res = await put(p.slug, p.token, jpegWithGps(120, 80, { make: "Phone", orientation: 6, gps: [1, 2, 3] }), "image/jpeg");
    expect(res.status).toBe(200);
    expect((await json(res)).avatar).toMatchObject({ width: 80, height: 120 });
  });

  it("accepts PNG (transparency onto white) and WebP, scaling down to at most 512 × 512, never up", async () => {
    const p = await createPage();
    const big = await json(await put(p.slug, p.token, png(1000, 600, 0), "image/png"));
    expect(big.avatar).toMatchObject({ width: 512, height: 307 });
    const stored = await bytesOf(await call("GET", pathOf(big.avatar.url)));
    const px = PhotonImage.new_from_byteslice(stored);
    expect(Math.min(...px.get_raw_pixels().subarray(0, 400))).toBeGreaterThan(240); // transparent → white
    px.free();

    const small = await json(await put(p.slug, p.token, webp(100, 80), "image/webp"));
    expect(small.avatar).toMatchObject({ width: 100, height: 80 });
    expect(decoded(await bytesOf(await call("GET", pathOf(small.avatar.url))))).toEqual({ width: 100, height: 80 });
  });

  it("refuses what is not an image of the declared type, naming the problem, and stores nothing", async () => {
    const p = await createPage();
    const pageId = await pageIdOf(p.slug);
    const wrongType = await expectProblem(await put(p.slug, p.token, jpeg(10, 10), "image/gif"), 415, "Content-Type");
    expect(wrongType.detail).toContain("image/jpeg, image/png, image/webp");
    expect((await expectProblem(await put(p.slug, p.token, png(10, 10), "image/jpeg"), 400)).detail).toBe("The body is a PNG image, but Content-Type says image/jpeg.");
    expect((await expectProblem(await put(p.slug, p.token, new TextEncoder().encode("hello, not a picture"), "image/webp"), 400)).detail).toContain("not a WebP image");
    // A real JPEG header with the rest cut off: the decoder itself has to refuse it.
    const cut = jpeg(64, 64).subarray(0, 200);
    expect((await expectProblem(await put(p.slug, p.token, cut, "image/jpeg"), 400)).detail).toBe("The body is not a readable JPEG image.");
    expect(await r2Keys(pageId)).toEqual([]);
    // The codec still works after refusing broken data.
    expect((await put(p.slug, p.token, jpeg(20, 20), "image/jpeg")).status).toBe(200);
  });

  it("takes photos far over the API's general body limit (a noisy 1600 × 1200 JPEG)", async () => {
    const p = await createPage();
    const px = new Uint8Array(1600 * 1200 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 2654435761) >>> 24));
    const noisy = new PhotonImage(px, 1600, 1200);
    const bytes = noisy.get_bytes_jpeg(95);
    noisy.free();
    expect(bytes.length).toBeGreaterThan(1024 * 1024);
    const res = await put(p.slug, p.token, bytes, "image/jpeg");
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await json(res)).avatar).toMatchObject({ width: 512, height: 384 });
  });

  it("refuses bodies over 5 MB (413) and images over the pixel cap before decoding them", async () => {
    const p = await createPage();
    const huge = new Uint8Array(5 * 1024 * 1024 + 1);
    huge.set(jpeg(8, 8));
    await expectProblem(await put(p.slug, p.token, huge, "image/jpeg"), 413);
    // A PNG header claiming 5000 × 5000: refused from the header alone.
    const header = png(8, 8);
    const view = new DataView(header.buffer, header.byteOffset);
    view.setUint32(16, 5000);
    view.setUint32(20, 5000);
    expect((await expectProblem(await put(p.slug, p.token, header, "image/png"), 400)).detail).toContain("5000 × 5000");
  });

  it("only the page's manager may set or remove it", async () => {
    const p = await createPage();
    const other = await createPage();
    expect((await put(p.slug, other.token, jpeg(10, 10), "image/jpeg")).status).toBe(403);
    expect((await call("PUT", `/api/v1/pages/${p.slug}/avatar`, { rawBody: jpeg(10, 10), headers: { "content-type": "image/jpeg" } })).status).toBe(401);
    expect((await call("DELETE", `/api/v1/pages/${p.slug}/avatar`, { token: other.token })).status).toBe(403);
  });

  it("a new photo replaces the old one (whose address then 404s); DELETE removes it", async () => {
    const p = await createPage();
    const pageId = await pageIdOf(p.slug);
    const first = await json(await put(p.slug, p.token, jpeg(50, 50), "image/jpeg"));
    const second = await json(await put(p.slug, p.token, png(60, 60), "image/png"));
    expect(second.avatar.url).not.toBe(first.avatar.url);
    expect((await call("GET", pathOf(first.avatar.url))).status).toBe(404);
    expect((await call("GET", pathOf(second.avatar.url))).status).toBe(200);
    expect(await r2Keys(pageId)).toHaveLength(1);

    expect((await call("DELETE", `/api/v1/pages/${p.slug}/avatar`, { token: p.token })).status).toBe(204);
    expect((await call("GET", pathOf(second.avatar.url))).status).toBe(404);
    expect((await json(await call("GET", `/api/v1/pages/${p.slug}`, { token: p.token }))).avatar).toBeNull();
    expect(await r2Keys(pageId)).toEqual([]);
  });

  it("is deleted with the page", async () => {
    const p = await createPage();
    const pageId = await pageIdOf(p.slug);
    const page = await json(await put(p.slug, p.token, jpeg(40, 40), "image/jpeg"));
    expect(await r2Keys(pageId)).toHaveLength(1);
    expect((await call("DELETE", `/api/v1/pages/${p.slug}`, { token: p.token })).status).toBe(204);
    expect(await r2Keys(pageId)).toEqual([]);
    expect((await call("GET", pathOf(page.avatar.url))).status).toBe(404);
  });

  it("is deleted with the account", async () => {
    const s = await signIn();
    const created = await call("POST", "/api/v1/pages", { headers: s.headers, body: { slug: `acct-${Date.now().toString(36)}`, displayName: "Ada" } });
    const slug = (await json(created)).page.slug;
    const pageId = await pageIdOf(slug);
    const res = await call("PUT", `/api/v1/pages/${slug}/avatar`, { headers: { ...s.headers, "content-type": "image/png" }, rawBody: png(30, 30) });
    expect(res.status).toBe(200);
    expect(await r2Keys(pageId)).toHaveLength(1);
    expect((await call("DELETE", "/api/v1/me", { headers: s.headers })).status).toBe(204);
    expect(await r2Keys(pageId)).toEqual([]);
  });
});
