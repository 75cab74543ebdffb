import type { McpServer } from "@modelcontextprotocol/server";
import type { Context } from "hono";
import { CREATE_PROBLEM, createPage } from "../actions/create-page";
import { updatePage, updateProblem } from "../actions/update-page";
import { pagesOfOwner } from "../db/pages";
import type { AppEnv } from "../env";
import { linkPageStub } from "../link-page/stub";
import { consumeLimit } from "../lib/consume-limit";
import { AppError } from "../lib/errors";
import { orProblem } from "../lib/result";
import { pageForCaller } from "../lib/origin";
import { currentUser, requirePageAccess } from "../middleware/auth";
import { callerKey } from "../middleware/rate-limit";
import { NoInputSchema, PageListSchema, PageRefSchema, PageWithEtagSchema, UpdatePageInputSchema } from "../schemas/mcp";
import { CreatePageSchema } from "../schemas/page";
import { runTool, toolResult } from "./tool-result";

/**
 * The page tools (docs/mcp.md#tools). Each goes through the same checks, actions and limits as its API
 * route: requirePageAccess for the page, createPage/updatePage for changes, and a change counts against
 * the caller's `write` limit as every API write does (docs/limits.md#write).
 */
export function registerPageTools(server: McpServer, c: Context<AppEnv>): void {
  server.registerTool(
    "list_pages",
    {
      title: "List my pages",
      description: "All link-in-bio pages of the account this API key belongs to, with their links, theme and settings.",
      inputSchema: NoInputSchema,
      outputSchema: PageListSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () =>
      runTool("list_pages", async () => {
        const rows = await pagesOfOwner(c.env.DB, currentUser(c).id);
        const pages = await Promise.all(rows.map((r) => linkPageStub(c.env, r.slug).get()));
        return toolResult({ pages: pages.flatMap((p) => (p ? [pageForCaller(c, p.page)] : [])) });
      }),
  );

  server.registerTool(
    "get_page",
    {
      title: "Get a page",
      description: "One of my pages by its address (slug), with the `etag` to pass to update_page as `ifMatch`.",
      inputSchema: PageRefSchema,
      outputSchema: PageWithEtagSchema,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ slug }) =>
      runTool("get_page", async () => {
        const row = await requirePageAccess(c, slug);
        const res = await linkPageStub(c.env, row.slug).get();
        if (!res) throw new AppError("not_found", `There is no page "${row.slug}".`);
        return toolResult({ page: pageForCaller(c, res.page), etag: res.etag });
      }),
  );

  server.registerTool(
    "create_page",
    {
      title: "Create a page",
      description:
        "Create a new public page at /{slug} owned by this account. `slug`: 3–32 of a-z 0-9 - _; links are {title, url} with https, http, mailto or tel URLs.",
      inputSchema: CreatePageSchema,
      outputSchema: PageWithEtagSchema,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (input) =>
      runTool("create_page", async () => {
        const caller = await callerKey(c);
        await consumeLimit(c.env, "write", caller);
        const { created } = orProblem(await createPage(c.env, input, currentUser(c), caller), CREATE_PROBLEM); // counts `create-page` too
        return toolResult({ page: pageForCaller(c, created.page), etag: created.etag });
      }),
  );

  server.registerTool(
    "update_page",
    {
      title: "Update a page",
      description:
        "Change some fields of one of my pages (display name, bio, theme, links, email signup). `links`, when given, replaces the whole list: keep a link by sending its `id`. Pass `ifMatch` (the etag from get_page) so a concurrent edit is not overwritten.",
      inputSchema: UpdatePageInputSchema,
      outputSchema: PageWithEtagSchema,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    ({ slug, changes, ifMatch }) =>
      runTool("update_page", async () => {
        await consumeLimit(c.env, "write", await callerKey(c));
        const row = await requirePageAccess(c, slug);
        const res = await updatePage(c.env, row, changes, { ifMatch }, c.executionCtx);
        if (res.ok) return toolResult({ page: pageForCaller(c, res.page), etag: res.etag });
        throw updateProblem(res, row.slug, changes.slug, ["changes"]);
      }),
  );
}
