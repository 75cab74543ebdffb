import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { CREATE_PROBLEM, createPage, type Created } from "../actions/create-page";
import { deletePage } from "../actions/delete-page";
import { updatePage, updateProblem } from "../actions/update-page";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { linkPageStub } from "../link-page/stub";
import { pageForCaller } from "../lib/origin";
import { AppError } from "../lib/errors";
import { orProblem } from "../lib/result";
import { validationHook } from "../lib/validation-hook";
import { CLAIM_PROBLEM, claimPage } from "../actions/claim-page";
import { pagesOfOwner } from "../db/pages";
import { currentUser, getActor, pageAccess, requireUser, unauthorized } from "../middleware/auth";
import { callerKey } from "../middleware/rate-limit";
import { UNCLAIMED_PAGE_TTL_DAYS } from "../lib/policy";
import { ClaimBodySchema } from "../schemas/account";
import { CreatePageResponseSchema, CreatePageSchema, PageSchema, PatchPageSchema } from "../schemas/page";
import { problems } from "../schemas/problem";
import { SlugParamSchema } from "../schemas/slug";

const unclaimedExpiry = (createdAt: string) => new Date(Date.parse(createdAt) + UNCLAIMED_PAGE_TTL_DAYS * 86_400_000).toISOString();

/** The 201 of a create, shared by POST /pages and POST /imports. */
export const createdBody = (c: Context<AppEnv>, created: Created) => ({
  page: pageForCaller(c, created.page),
  // Unclaimed pages are deleted after UNCLAIMED_PAGE_TTL_DAYS unless claimed: say when, up front.
  ...(created.claimToken ? { claimToken: created.claimToken, expiresAt: unclaimedExpiry(created.page.createdAt) } : {}),
});
export const createdHeaders = (created: Created) => ({ ETag: created.etag, Location: `/api/v1/pages/${created.page.slug}` });

const security: Record<string, string[]>[] = [{ ApiKey: [] }, { Session: [] }, { ClaimToken: [] }];
const userOnly: Record<string, string[]>[] = [{ ApiKey: [] }, { Session: [] }];
const etagHeader = { ETag: { schema: { type: "string" as const }, description: "Send back in If-Match to PATCH safely" } };

const create = createRoute({
  method: "post",
  path: "/pages",
  tags: ["Pages"],
  summary: "Create a page. Signed in (session or API key) it is yours; without an account you get a claim token, once",
  request: { body: { required: true, content: { "application/json": { schema: CreatePageSchema } } } },
  responses: {
    201: { description: "Created", headers: etagHeader, content: { "application/json": { schema: CreatePageResponseSchema } } },
    400: problems[400], 409: problems[409], 413: problems[413], 429: problems[429],
  },
});

const list = createRoute({
  method: "get",
  path: "/pages",
  tags: ["Pages"],
  summary: "Your pages",
  security: userOnly,
  middleware: [requireUser],
  responses: { 200: { description: "Your pages", content: { "application/json": { schema: z.object({ pages: z.array(PageSchema) }) } } }, 401: problems[401] },
});

const claim = createRoute({
  method: "post",
  path: "/pages/{slug}/claim",
  tags: ["Pages"],
  summary: "Claim a page created without an account (signed in); consumes its claim token",
  security: userOnly,
  middleware: [requireUser],
  request: { params: SlugParamSchema, body: { required: true, content: { "application/json": { schema: ClaimBodySchema } } } },
  responses: {
    200: { description: "The page, now yours", headers: etagHeader, content: { "application/json": { schema: PageSchema } } },
    400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404],
  },
});

const get = createRoute({
  method: "get",
  path: "/pages/{slug}",
  tags: ["Pages"],
  summary: "Get a page you manage",
  security,
  middleware: [pageAccess] as const,
  request: { params: SlugParamSchema },
  responses: {
    200: { description: "The page", headers: etagHeader, content: { "application/json": { schema: PageSchema } } },
    401: problems[401], 403: problems[403], 404: problems[404],
  },
});

const patch = createRoute({
  method: "patch",
  path: "/pages/{slug}",
  tags: ["Pages"],
  summary:
    "Change a page; `links`, when given, replaces the list (items with an existing id keep it). A new `slug` renames the page: " +
    "the answer is the page at its new address, and the old one redirects there for 30 days (409 `reason: taken | recently_released` when the new one is not free)",
  security,
  middleware: [pageAccess] as const,
  request: {
    params: SlugParamSchema,
    headers: z.object({ "if-match": z.string().optional().openapi({ description: "ETag from a GET; a stale one gives 412" }) }),
    body: { required: true, content: { "application/json": { schema: PatchPageSchema } } },
  },
  responses: {
    200: { description: "The updated page", headers: etagHeader, content: { "application/json": { schema: PageSchema } } },
    400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404], 409: problems[409], 412: problems[412], 413: problems[413],
    503: problems[503],
  },
});

const del = createRoute({
  method: "delete",
  path: "/pages/{slug}",
  tags: ["Pages"],
  summary: "Delete a page with its links and everything recorded for it",
  security,
  middleware: [pageAccess] as const,
  request: {
    params: SlugParamSchema,
    headers: z.object({ "if-match": z.string().optional().openapi({ description: "ETag from a GET: delete only that version; a stale one gives 412" }) }),
  },
  responses: { 204: { description: "Deleted" }, 401: problems[401], 403: problems[403], 404: problems[404], 412: problems[412] },
});

export const pagesApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(create, async (c) => {
    const actor = await getActor(c);
    if (actor.kind === "invalid") throw unauthorized(actor.reason);
    const { created } = orProblem(await createPage(c.env, c.req.valid("json"), actor.kind === "user" ? actor.user : null, await callerKey(c)), CREATE_PROBLEM);
    return c.json(createdBody(c, created), 201, createdHeaders(created));
  })
  .openapi(list, async (c) => {
    const rows = await pagesOfOwner(c.env.DB, currentUser(c).id);
    const pages = await Promise.all(rows.map((r) => linkPageStub(c.env, r.slug).get()));
    return c.json({ pages: pages.flatMap((p) => (p ? [pageForCaller(c, p.page)] : [])) }, 200);
  })
  .openapi(claim, async (c) => {
    const { claimed } = orProblem(await claimPage(c.env, c.req.valid("param").slug, c.req.valid("json").claimToken, currentUser(c)), CLAIM_PROBLEM);
    return c.json(pageForCaller(c, claimed.page), 200, { ETag: claimed.etag });
  })
  .openapi(get, async (c) => {
    const row = c.get("pageRow");
    const res = await linkPageStub(c.env, row.slug).get();
    if (!res) throw new AppError("not_found", `There is no page "${row.slug}".`);
    return c.json(pageForCaller(c, res.page), 200, { ETag: res.etag });
  })
  .openapi(patch, async (c) => {
    const row = c.get("pageRow");
    const ifMatch = c.req.valid("header")["if-match"];
    const res = await updatePage(c.env, row, c.req.valid("json"), { ifMatch }, c.executionCtx);
    if (res.ok) return c.json(pageForCaller(c, res.page), 200, { ETag: res.etag, "Content-Location": `/api/v1/pages/${res.page.slug}` });
    throw updateProblem(res, row.slug, c.req.valid("json").slug);
  })
  .openapi(del, async (c) => {
    const row = c.get("pageRow");
    const res = await deletePage(c.env, row, { ifMatch: c.req.valid("header")["if-match"] });
    if (!res.ok) {
      throw new AppError("precondition_failed", "The page changed since you loaded it; nothing was deleted. Reload it and decide again.", {
        headers: { ETag: res.etag },
      });
    }
    return c.body(null, 204);
  });
