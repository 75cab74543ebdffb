import { describe, expect, it } from "vitest";
import { call, json } from "../helpers/api";
import { click } from "../helpers/click";
import { createPage } from "../helpers/create-page";
import { expectProblem } from "../helpers/problem";

const setStatus = (slug: string, status: string, token = "test-admin-token") =>
  call("PUT", `/api/v1/admin/pages/${slug}/status`, { token, body: { status } });

describe("the operator's kill switch", () => {
  it("takes a page down at once: public page and redirects answer 410, and it can be restored", async () => {
    const { slug, page, token } = await createPage();
    expect((await call("GET", `/${slug}`)).status).toBe(200); // (and maybe cached in this isolate)
    const res = await setStatus(slug, "suspended");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ slug, status: "suspended" });
    const gone = await call("GET", `/${slug}`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain("taken down");
    expect((await click(slug, page.links[0].id)).status).toBe(410);
    expect((await click(slug, page.links[0].id, { method: "HEAD" })).status).toBe(410);
    // The owner still manages it.
    expect((await call("GET", `/api/v1/pages/${slug}`, { token })).status).toBe(200);
    expect((await setStatus(slug, "active")).status).toBe(200);
    expect((await call("GET", `/${slug}`)).status).toBe(200);
    expect((await click(slug, page.links[0].id)).status).toBe(302);
  });

  it("is for the operator only, and refuses unknown pages and statuses", async () => {
    const { slug, token } = await createPage();
    await expectProblem(await setStatus(slug, "suspended", token), 401);
    await expectProblem(await setStatus(slug, "suspended", "wrong"), 401);
    await expectProblem(await setStatus("no-such-page", "suspended"), 404);
    await expectProblem(await setStatus(slug, "deleted"), 400, "status");
    expect((await call("GET", `/${slug}`)).status).toBe(200);
  });
});
