// The dashboard's plain-HTML paths (no JavaScript): they call the same actions as the API.
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { view } from "../helpers/view";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { createViaForm, editorEtag, getAs, postForm } from "../helpers/dashboard";
import { signIn, type Session } from "../helpers/sign-in";

const apiPage = (s: Session, slug: string) => call("GET", `/api/v1/pages/${slug}`, { headers: s.headers });

function editorFields(etag: string, links: { id?: string; title: string; url: string; enabled?: boolean }[], extra: Record<string, string> = {}) {
  const f: Record<string, string> = { etag, displayName: "Ada Lovelace", bio: "Engines", "theme.preset": "classic", "theme.accent": "", "theme.buttonStyle": "rounded", "theme.font": "system", ...extra };
  links.forEach((l, i) => {
    f[`links.${i}.id`] = l.id ?? "";
    f[`links.${i}.title`] = l.title;
    f[`links.${i}.url`] = l.url;
    if (l.enabled !== false) f[`links.${i}.enabled`] = "on";
    f[`links.${i}.startsAt`] = "";
    f[`links.${i}.endsAt`] = "";
  });
  return f;
}

describe("pages list", () => {
  it("creates a page by form, lists it with today's clicks, and refuses bad or taken slugs with field errors", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("home"));
    const page = await apiPage(s, slug).then(json);
    expect(page.claimed).toBe(true);

    const etag = await editorEtag(s, slug);
    expect((await postForm(s, `/dashboard/pages/${slug}`, { op: "save", ...editorFields(etag, [{ title: "Site", url: "https://example.com" }]) })).status).toBe(303);
    const link = (await apiPage(s, slug).then(json)).links[0];
    await click(slug, link.id);
    await click(slug, link.id);
    const html = await (await getAs(s, "/dashboard")).text();
    expect(html).toContain(`data-today="${slug}" aria-live="polite">2<`);

    const bad = await postForm(s, "/dashboard/pages", { slug: "x", displayName: "" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("must be at least 3 characters");
    expect(badHtml).toMatch(/id="f-slug"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-slug"/);
    const taken = await postForm(s, "/dashboard/pages", { slug, displayName: "Again" });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain("already taken");
  });

  it("claims an anonymous page with its token (once), and says why a wrong token fails", async () => {
    const s = await signIn();
    const anon = await createPage();
    const wrong = await postForm(s, "/dashboard/claim", { slug: anon.slug, claimToken: "mlc_nope" });
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain("does not match");
    expect(wrongHtml).not.toContain('value="mlc_nope"'); // the token was the problem: not echoed back
    // A slug typo keeps the (right) token in the form, so it need not be pasted again.
    const typo = await postForm(s, "/dashboard/claim", { slug: `${anon.slug}-typo`, claimToken: anon.token });
    expect(typo.status).toBeGreaterThanOrEqual(400);
    expect(await typo.text()).toContain(`value="${anon.token}"`);
    const ok = await postForm(s, "/dashboard/claim", { slug: `http://localhost/${anon.slug}`, claimToken: anon.token });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/dashboard/pages/${anon.slug}?claimed=1`);
    expect((await apiPage(s, anon.slug).then(json)).claimed).toBe(true);
    expect((await call("GET", `/api/v1/pages/${anon.slug}`, { token: anon.token })).status).not.toBe(200);
  });

  it("deletes a page only when the slug is typed back", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("del"));
    const mismatch = await postForm(s, `/dashboard/pages/${slug}/delete`, { confirm: "something-else" });
    expect(mismatch.status).toBe(303);
    expect(mismatch.headers.get("location")).toBe(`/dashboard/pages/${slug}?delete=mismatch#danger`);
    expect((await apiPage(s, slug)).status).toBe(200);
    const ok = await postForm(s, `/dashboard/pages/${slug}/delete`, { confirm: slug.toUpperCase() });
    expect(ok.headers.get("location")).toBe(`/dashboard?deleted=${slug}`);
    expect((await apiPage(s, slug)).status).toBe(404);
    expect((await call("GET", `/${slug}`)).status).toBe(404);
  });
});

describe("editor without JavaScript", () => {
  it("adds, reorders and removes link rows in the form, then saves them in order", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("ed"));
    const etag = await editorEtag(s, slug);
    const two = editorFields(etag, [{ title: "First", url: "https://example.com/1" }, { title: "Second", url: "https://example.com/2" }]);
    const added = await (await postForm(s, `/dashboard/pages/${slug}`, { ...two, op: "add" })).text();
    expect(added).toContain('name="links.2.title"');
    const moved = await (await postForm(s, `/dashboard/pages/${slug}`, { ...two, op: "up:1" })).text();
    expect(moved.indexOf('value="Second"')).toBeLessThan(moved.indexOf('value="First"'));
    const removed = await (await postForm(s, `/dashboard/pages/${slug}`, { ...two, op: "remove:0" })).text();
    expect(removed).not.toContain('value="First"');
    expect((await apiPage(s, slug).then(json)).links).toEqual([]); // nothing saved by these buttons

    const saved = await postForm(s, `/dashboard/pages/${slug}`, { ...two, op: "save", "theme.preset": "midnight", "links.1.startsAt": "2030-01-01T09:00" });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/dashboard/pages/${slug}?saved=1`);
    const page = await apiPage(s, slug).then(json);
    expect(page.links.map((l: any) => l.title)).toEqual(["First", "Second"]);
    expect(page.links[1].startsAt).toBe("2030-01-01T09:00:00.000Z");
    expect(page.theme.preset).toBe("midnight");
  });

  it("shows field errors, refuses a low-contrast accent, and catches a concurrent edit (412)", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("err"));
    const etag = await editorEtag(s, slug);
    const bad = await postForm(s, `/dashboard/pages/${slug}`, { op: "save", ...editorFields(etag, [{ title: "X", url: "javascript:alert(1)" }]) });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("is not allowed");
    expect(html).toMatch(/id="f-links-0-url"[^>]*aria-invalid="true"/);
    expect(html).toContain('value="javascript:alert(1)"'); // the draft is kept for fixing, escaped

    const faint = await postForm(s, `/dashboard/pages/${slug}`, { op: "save", ...editorFields(etag, [], { "theme.accent": "#f0f0f0" }) });
    expect(faint.status).toBe(400);
    expect(await faint.text()).toContain("WCAG AA");

    const patched = await call("PATCH", `/api/v1/pages/${slug}`, { headers: { ...s.headers, "if-match": etag }, body: { bio: "from another tab" } });
    expect(patched.status).toBe(200);
    const stale = await postForm(s, `/dashboard/pages/${slug}`, { op: "save", ...editorFields(etag, []) });
    expect(stale.status).toBe(412);
    expect(await stale.text()).toContain("changed somewhere else");
    expect((await apiPage(s, slug).then(json)).bio).toBe("from another tab");
  });

  it("serves the QR code as our own SVG, downloadable", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("qr"));
    const res = await getAs(s, `/dashboard/pages/${slug}/qr.svg`);
    expect(res.headers.get("content-type")).toContain("image/svg+xml");
    expect(await res.text()).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    const dl = await getAs(s, `/dashboard/pages/${slug}/qr.svg?download=1`);
    expect(dl.headers.get("content-disposition")).toBe(`attachment; filename="melinks-${slug}-qr.svg"`);
  });
});

describe("analytics", () => {
  it("renders totals, a chart and per-link counts for each range, and a fragment for live refresh", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("an"));
    const etag = await editorEtag(s, slug);
    await postForm(s, `/dashboard/pages/${slug}`, { op: "save", ...editorFields(etag, [{ title: "Site", url: "https://example.com" }]) });
    const link = (await apiPage(s, slug).then(json)).links[0];
    for (let i = 0; i < 3; i++) await click(slug, link.id);
    for (const q of ["range=24h", "range=7d", "range=30d", "range=custom&from=2026-01-01&to=2026-01-31", "range=custom&from=bad"]) {
      const res = await getAs(s, `/dashboard/pages/${slug}/analytics?${q}`);
      expect(res.status, q).toBe(200);
      const html = await res.text();
      expect(html).toContain('<svg class="chart chart-wide"');
      expect(html).toContain("What we collect:");
      if (!q.includes("2026-01")) expect(html).toMatch(/data-total[^>]*>3</);
    }
    const frag = await (await getAs(s, `/dashboard/pages/${slug}/analytics/fragment?range=24h`)).text();
    expect(frag.startsWith("<div data-analytics-body")).toBe(true);
    expect(frag).toContain(`data-link-clicks="${link.id}">3<`);
  });

  it("shows views, clicks and CTR, says what a view stores, and downloads the same numbers as CSV", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("an"));
    const etag = await editorEtag(s, slug);
    await postForm(s, `/dashboard/pages/${slug}`, { op: "save", ...editorFields(etag, [{ title: "=cmd|' /C calc'!A0", url: "https://example.com" }]) });
    const link = (await apiPage(s, slug).then(json)).links[0];
    for (let i = 0; i < 4; i++) await view(slug);
    await click(slug, link.id);
    const html = await (await getAs(s, `/dashboard/pages/${slug}/analytics?range=24h`)).text();
    expect(html).toMatch(/data-views[^>]*>4</);
    expect(html).toMatch(/data-ctr[^>]*>25\.0%</);
    expect(html).toContain("per page view, only the page and hour of the view");
    expect(html).toContain(`href="/dashboard/pages/${slug}/analytics.csv?range=24h"`);
    expect(html).toContain('class="bar bar-views"');
    const csv = await getAs(s, `/dashboard/pages/${slug}/analytics.csv?range=24h`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const rows = (await csv.text()).trim().split("\r\n");
    expect(rows[0]).toBe("t,linkId,title,clicks");
    const viewRows = rows.filter((r) => /^[^,]+,,,\d+$/.test(r));
    const linkRows = rows.filter((r) => r.includes(link.id));
    expect(viewRows.reduce((n, r) => n + Number(r.split(",").at(-1)), 0)).toBe(4);
    expect(linkRows).toHaveLength(viewRows.length); // one row per (bucket, link)
    for (const r of linkRows) expect(r).toMatch(new RegExp(`,${link.id},'=cmd\\|' /C calc'!A0,\\d+$`));
    expect(linkRows.reduce((n, r) => n + Number(r.split(",").at(-1)), 0)).toBe(1);
    // Someone else's page: not found, as every dashboard screen.
    const other = await signIn();
    expect((await getAs(other, `/dashboard/pages/${slug}/analytics.csv`)).status).toBe(404);
  });

  it("puts a live clicks badge on each saved link in the editor (filled in by its script)", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("an"));
    const etag = await editorEtag(s, slug);
    await postForm(s, `/dashboard/pages/${slug}`, { op: "save", ...editorFields(etag, [{ title: "Site", url: "https://example.com" }]) });
    const html = await (await getAs(s, `/dashboard/pages/${slug}`)).text();
    expect(html).toMatch(/class="badge link-clicks" data-link-clicks-badge[^>]* hidden/);
  });
  it("takes custom ranges up to 400 calendar days, clock changes included, as the API does, and says why a longer one is refused", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("an"));
    const ask = async (from: string, to: string) => {
      const res = await getAs(s, `/dashboard/pages/${slug}/analytics?range=custom&from=${from}&to=${to}&tz=Europe/Paris`);
      expect(res.status).toBe(200);
      return res.text();
    };
    // 400 days from summer time into winter time: 400 × 24 + 1 hours.
    const full = await ask("2025-10-01", "2026-11-04");
    expect(full).not.toContain("Showing the last 7 days instead");
    expect(full).toContain('value="2025-10-01"');
    // A zone in other case is shown and carried on under its canonical name.
    const lower = await (await getAs(s, `/dashboard/pages/${slug}/analytics?range=7d&tz=europe/paris`)).text();
    expect(lower).toContain('name="tz" value="Europe/Paris"');
    const tooLong = await ask("2025-10-01", "2026-11-05");
    expect(tooLong).toContain("Ranges may span at most 400 days. Showing the last 7 days instead.");
  });
});

describe("account", () => {
  it("creates an API key shown once, revokes it, signs out, and deletes the account after typing the email", async () => {
    const s = await signIn();
    await createViaForm(s, uniqueSlug("acc"));
    const created = await postForm(s, "/dashboard/account/api-keys", { name: "deploy" });
    expect(created.status).toBe(200);
    const key = /value="(mlk_[A-Za-z0-9_-]+)"/.exec(await created.text())![1]!;
    expect((await call("GET", "/api/v1/me", { token: key })).status).toBe(200);
    const page = await (await getAs(s, "/dashboard/account")).text();
    expect(page).not.toContain(key);
    expect(page).toContain("deploy");
    expect(page).toContain("/export");
    const id = /\/dashboard\/account\/api-keys\/([^/]+)\/revoke/.exec(page)![1]!;
    // Without confirm=yes (no JavaScript), a page asks first and nothing is revoked yet.
    const ask = await postForm(s, `/dashboard/account/api-keys/${id}/revoke`, {});
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain("Revoke this API key?");
    expect((await call("GET", "/api/v1/me", { token: key })).status).toBe(200);
    expect((await postForm(s, `/dashboard/account/api-keys/${id}/revoke`, { confirm: "yes" })).headers.get("location")).toBe("/dashboard/account?revoked=1");
    expect((await call("GET", "/api/v1/me", { token: key })).status).toBe(401);

    expect((await postForm(s, "/dashboard/account/delete", { confirm: "someone@else.example" })).status).toBe(400);
    expect((await call("GET", "/api/v1/me", { headers: s.headers })).status).toBe(200);
    const gone = await postForm(s, "/dashboard/account/delete", { confirm: s.email.toUpperCase() });
    expect(gone.status).toBe(200);
    expect(gone.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await call("GET", "/api/v1/me", { headers: s.headers })).status).toBe(401);
  });

  it("signs out: the session ends and the cookie is cleared", async () => {
    const s = await signIn();
    const res = await postForm(s, "/dashboard/logout", {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?signedout=1");
    expect(res.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await getAs(s, "/dashboard")).status).toBe(303);
  });

  it("signs out everywhere: the account's other sessions end too", async () => {
    const s = await signIn();
    const laptop = await signIn(s.email);
    expect((await getAs(s, "/dashboard/account")).status).toBe(200);
    const page = await (await getAs(s, "/dashboard/account")).text();
    expect(page).toContain('name="everywhere" value="1"');
    const res = await postForm(s, "/dashboard/logout", { everywhere: "1" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?signedout=all");
    expect(await (await call("GET", "/login?signedout=all")).text()).toContain("signed out on all your devices");
    expect((await getAs(s, "/dashboard")).status).toBe(303);
    expect((await getAs(laptop, "/dashboard")).status).toBe(303);
  });
});

describe("GET /api/v1/slugs/{slug}", () => {
  it("says whether a slug is free, and why not", async () => {
    const { slug } = await createPage();
    expect(await call("GET", `/api/v1/slugs/${uniqueSlug("free")}`).then(json)).toMatchObject({ available: true });
    expect(await call("GET", `/api/v1/slugs/${slug.toUpperCase()}`).then(json)).toMatchObject({ slug, available: false, reason: "taken" });
    expect(await call("GET", "/api/v1/slugs/dashboard").then(json)).toMatchObject({ available: false, reason: "reserved" });
    expect(await call("GET", "/api/v1/slugs/-x").then(json)).toMatchObject({ available: false, reason: "invalid" });
    const doc = await call("GET", "/api/v1/openapi.json").then(json);
    expect(doc.paths["/slugs/{slug}"].get).toBeDefined();
  });
});

describe("profile photo and QR PNG (plain forms)", () => {
  it("uploads a photo by form, shows it in the editor, removes it; refuses a non-image with a message", async () => {
    const { jpeg } = await import("../helpers/images");
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("photo"));
    const upload = (file: File) => {
      const body = new FormData();
      body.set("photo", file);
      return call("POST", `/dashboard/pages/${slug}/avatar`, { rawBody: body, headers: s.headers });
    };
    const ok = await upload(new File([jpeg(90, 60)], "me.jpg", { type: "image/jpeg" }));
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/dashboard/pages/${slug}?photo=saved#photo`);
    const page = await apiPage(s, slug).then(json);
    expect(page.avatar).toMatchObject({ width: 90, height: 60 });
    const editor = await (await getAs(s, `/dashboard/pages/${slug}?photo=saved`)).text();
    expect(editor).toContain(`src="${new URL(page.avatar.url).pathname}"`);
    expect(editor).toContain("Photo saved.");

    const bad = await upload(new File([new TextEncoder().encode("not a picture")], "me.png", { type: "image/png" }));
    expect(bad.headers.get("location")).toBe(`/dashboard/pages/${slug}?photo=type_mismatch#photo`);
    const gif = await upload(new File([new Uint8Array([0x47, 0x49, 0x46])], "me.gif", { type: "image/gif" }));
    expect(gif.headers.get("location")).toBe(`/dashboard/pages/${slug}?photo=unsupported#photo`);
    expect((await apiPage(s, slug).then(json)).avatar).toEqual(page.avatar);

    const removed = await postForm(s, `/dashboard/pages/${slug}/avatar/delete`, {});
    expect(removed.headers.get("location")).toBe(`/dashboard/pages/${slug}?photo=removed#photo`);
    expect((await apiPage(s, slug).then(json)).avatar).toBeNull();
  });

  it("serves the QR code as a PNG too, downloadable", async () => {
    const { PhotonImage } = await import("@cf-wasm/photon");
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("qrpng"));
    const res = await getAs(s, `/dashboard/pages/${slug}/qr.png?download=1`);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="melinks-${slug}-qr.png"`);
    const img = PhotonImage.new_from_byteslice(new Uint8Array(await res.arrayBuffer()));
    expect(img.get_width()).toBe(img.get_height());
    expect(img.get_width()).toBeGreaterThan(200);
    const px = img.get_raw_pixels();
    expect([...px.subarray(0, 4)]).toEqual([255, 255, 255, 255]); // the quiet zone
    img.free();
  });
});
