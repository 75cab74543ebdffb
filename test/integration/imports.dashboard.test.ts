// /dashboard/import: paste or upload, preview, confirm — plain forms, no JavaScript (docs/imports.md).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { uniqueSlug } from "../helpers/create-page";
import { getAs } from "../helpers/dashboard";
import { signIn, type Session } from "../helpers/sign-in";
import biodrop from "../fixtures/imports/biodrop-profile.json?raw";
import littlelink from "../fixtures/imports/littlelink-index.html?raw";

function postMultipart(s: Session, fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return call("POST", "/dashboard/import", { rawBody: form, headers: s.headers });
}
const pageRow = (slug: string) => env.DB.prepare("SELECT * FROM pages WHERE slug = ?").bind(slug).first<any>();

describe("/dashboard/import", () => {
  it("is for signed-in owners: others are sent to sign in", async () => {
    const res = await call("GET", "/dashboard/import");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Fdashboard%2Fimport");
  });

  it("an uploaded file is previewed (nothing made), then confirmed into the owner's page", async () => {
    const s = await signIn();
    expect((await getAs(s, "/dashboard/import")).status).toBe(200);
    const slug = uniqueSlug("dimp");
    const file = new File([littlelink], "index.html", { type: "text/html" });
    const preview = await postMultipart(s, { source: "littlelink", slug, content: "", file, step: "preview" });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("Dorothy Vaughan");
    expect(html).toContain("Learn FORTRAN");
    expect(html).toMatch(/Not imported \(\d+\)/);
    expect(html).toContain('value="confirm"');
    expect(await pageRow(slug)).toBeNull();

    // The preview's confirm form carries the content back as a pasted field.
    const confirm = await postMultipart(s, { source: "littlelink", slug, content: littlelink, step: "confirm" });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get("location")).toBe(`/dashboard/pages/${slug}?created=1`);
    const row = await pageRow(slug);
    expect(row.owner_id).toEqual(expect.any(String));
    expect(row.claim_token_hash).toBeNull();
  });

  it("unreadable content and a taken address are shown on the form, with what was typed kept", async () => {
    const s = await signIn();
    const bad = await postMultipart(s, { source: "linktree", slug: uniqueSlug("dimp"), content: "<p>nothing</p>", step: "preview" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("__NEXT_DATA__");
    const slug = uniqueSlug("dimp");
    expect((await postMultipart(s, { source: "biodrop", slug, content: biodrop, step: "confirm" })).status).toBe(303);
    const taken = await postMultipart(s, { source: "biodrop", slug, content: biodrop, step: "confirm" });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain("already taken");
  });
});
