import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { createPage } from "../helpers/create-page";
import { expectProblem } from "../helpers/problem";

const post = (slug: string, fields: Record<string, string>) =>
  call("POST", `/report/${slug}`, { rawBody: new URLSearchParams(fields).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });

describe("reporting a page", () => {
  it("every public page links to a report form that works without JavaScript and keeps nothing about the reporter", async () => {
    const { slug } = await createPage();
    expect(await (await call("GET", `/${slug}`)).text()).toContain(`href="/report/${slug}"`);
    const form = await call("GET", `/report/${slug}`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(`<form method="post" action="/report/${slug}">`);
    const res = await call("POST", `/report/${slug}`, {
      rawBody: new URLSearchParams({ reason: "phishing", details: "fake <bank> login" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": "203.0.113.99", "user-agent": "ReporterBrowser/1.0" },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/report/${slug}?sent=1`);
    expect(await (await call("GET", res.headers.get("location")!)).text()).toContain("Thank you");
    const stored = JSON.stringify(await env.DB.prepare("SELECT * FROM reports WHERE slug = ?").bind(slug).all());
    expect(stored).toContain("phishing");
    expect(stored).not.toContain("203.0.113.99");
    expect(stored).not.toContain("ReporterBrowser");
    const list = await json(await call("GET", "/api/v1/admin/reports", { token: "test-admin-token" }));
    expect(list.reports).toEqual(expect.arrayContaining([{ id: expect.any(String), slug, reason: "phishing", details: "fake <bank> login", createdAt: expect.any(String) }]));
  });

  it("refuses a missing or unknown reason, unknown pages, and lists reports only for the operator", async () => {
    const { slug, token } = await createPage();
    expect((await post(slug, {})).status).toBe(400);
    expect((await post(slug, { reason: "boring" })).status).toBe(400);
    expect((await post("no-such-page", { reason: "spam" })).status).toBe(404);
    await expectProblem(await call("GET", "/api/v1/admin/reports", { token }), 401);
  });
});
