// The editor's no-JavaScript paths for socials, headers, link options and colours, and its draft preview.
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { uniqueSlug } from "../helpers/create-page";
import { createViaForm, editorEtag, getAs, postForm } from "../helpers/dashboard";
import { signIn, type Session } from "../helpers/sign-in";

const apiPage = (s: Session, slug: string) => call("GET", `/api/v1/pages/${slug}`, { headers: s.headers }).then(json);

const base = (etag: string): Record<string, string> => ({
  etag, displayName: "Ada Lovelace", bio: "", "theme.preset": "classic", "theme.accent": "", "theme.background": "", "theme.buttonStyle": "rounded", "theme.font": "system",
});

describe("editor: headers, link options, socials", () => {
  it("adds a header and a social row without JS, then saves headers and links in one order with their options", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("looks"));
    const etag = await editorEtag(s, slug);
    const fields = {
      ...base(etag),
      "links.0.title": "Music", "links.0.type": "header", "links.0.enabled": "on",
      "links.1.title": "Code", "links.1.type": "link", "links.1.url": "www.example.com", "links.1.enabled": "on",
      "links.1.featured": "on", "links.1.sensitive": "on", "links.1.icon": "github",
      "socials.0.url": "https://github.com/ada", socialsPosition: "bottom",
    };
    const withHeader = await (await postForm(s, `/dashboard/pages/${slug}`, { ...fields, op: "add-header" })).text();
    expect(withHeader).toMatch(/data-type="header"[\s\S]*data-type="link"[\s\S]*data-type="header"/);
    expect(withHeader).toContain('aria-label="Move header 3 up"');
    const withSocial = await (await postForm(s, `/dashboard/pages/${slug}`, { ...fields, op: "social-add" })).text();
    expect(withSocial).toContain('name="socials.1.url"');
    expect(withSocial).toMatch(/Profile address <span class="platform-name" data-platform(?:="[^"]*")?>GitHub<\/span>/);

    const saved = await postForm(s, `/dashboard/pages/${slug}`, { ...fields, op: "save" });
    expect(saved.status, await saved.clone().text()).toBe(303);
    const page = await apiPage(s, slug);
    expect(page.links.map((l: any) => [l.type, l.title, l.url, l.featured, l.sensitive, l.icon])).toEqual([
      ["header", "Music", "", false, false, "auto"],
      ["link", "Code", "https://www.example.com/", true, true, "github"],
    ]);
    expect(page.socials).toEqual([{ id: expect.stringMatching(/^so_/), url: "https://github.com/ada", platform: "github" }]);
    expect(page.socialsPosition).toBe("bottom");
    // The editor shows the completed address after saving.
    expect(await (await getAs(s, `/dashboard/pages/${slug}`)).text()).toContain('value="https://www.example.com/"');
  });

  it("refuses an unknown social site and a background the accent can't be seen on, naming the field", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("bad"));
    const etag = await editorEtag(s, slug);
    const social = await postForm(s, `/dashboard/pages/${slug}`, { ...base(etag), op: "save", "socials.0.url": "https://example.com/me" });
    expect(social.status).toBe(400);
    expect(await social.text()).toMatch(/id="f-socials-0-url"[^>]*aria-invalid="true"/);
    // classic's accent #0b57d0 on a dark blue background: under 3:1.
    const dark = await postForm(s, `/dashboard/pages/${slug}`, { ...base(etag), op: "save", "theme.background": "#0a1f5c" });
    expect(dark.status).toBe(400);
    const html = await dark.text();
    expect(html).toMatch(/id="f-theme-background"[^>]*aria-invalid="true"/);
    expect(html).toContain("WCAG AA");
    const fine = await postForm(s, `/dashboard/pages/${slug}`, { ...base(etag), op: "save", "theme.background": "#0f172a", "theme.preset": "aurora", "theme.buttonStyle": "soft-shadow" });
    expect(fine.status).toBe(303);
    expect((await apiPage(s, slug)).theme).toEqual({ preset: "aurora", background: "#0f172a", buttonStyle: "soft-shadow", font: "system" });
  });
});

describe("editor preview", () => {
  it("renders a posted draft through the public renderer (icons, headers, theme) without saving it, skipping half-typed rows", async () => {
    const s = await signIn();
    const slug = await createViaForm(s, uniqueSlug("pv"));
    const draft = {
      displayName: "Draft name",
      theme: { preset: "dusk", buttonStyle: "pill" },
      links: [{ type: "header", title: "Listen" }, { title: "My GitHub", url: "https://github.com/ada" }, { title: "No URL yet" }],
      socials: [{ url: "https://www.instagram.com/ada" }, { url: "https://example.com/unknown" }],
    };
    const res = await postForm(s, `/dashboard/pages/${slug}/preview`, { draft: JSON.stringify(draft) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'self'");
    const html = await res.text();
    expect(html).toContain('<h1 dir="auto">Draft name</h1>');
    expect(html).toContain('<h2 class="hd" dir="auto">Listen</h2>');
    expect(html).toMatch(/<a class="btn ic" href="https:\/\/github.com\/ada"/);
    expect(html).toContain('<symbol id="i-instagram"');
    expect(html).not.toContain("No URL yet");
    expect(html).toContain("--bg-img:linear-gradient");
    expect((await apiPage(s, slug)).displayName).toBe("Ada Lovelace"); // nothing saved

    const other = await signIn();
    expect((await postForm(other, `/dashboard/pages/${slug}/preview`, { draft: "{}" })).status).toBe(404);
  });
});
