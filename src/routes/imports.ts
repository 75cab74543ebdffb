import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { ZodError } from "zod";
import { CREATE_PROBLEM, createPage } from "../actions/create-page";
import type { AppEnv } from "../env";
import { planImport, type ImportPlan, type ImportSource } from "../imports";
import { unreadable } from "../imports/draft";
import { AppError } from "../lib/errors";
import { orProblem } from "../lib/result";
import { validationHook } from "../lib/validation-hook";
import { getActor, unauthorized } from "../middleware/auth";
import { callerKey } from "../middleware/rate-limit";
import { ImportBodySchema, ImportCreatedSchema, ImportPreviewSchema } from "../schemas/imports";
import { problems } from "../schemas/problem";
import { createdBody, createdHeaders } from "./pages";

const importRoute = createRoute({
  method: "post",
  path: "/imports",
  tags: ["Pages"],
  summary: "Create a page from Linktree, LinkStack, BioDrop, LittleLink or a MeLinks export; dryRun shows it first",
  description:
    "Every field goes through the same validation as POST /pages; links it refuses, tracking ids, emails, click counts and what " +
    "pages cannot hold yet are listed in `dropped` with where and why. HTML becomes text. Photos are never fetched. " +
    "Over 100 links: the first 100, and the rest in `dropped`. An unreadable source is 400 naming where. See docs/imports.md.",
  request: { body: { required: true, content: { "application/json": { schema: ImportBodySchema } } } },
  responses: {
    200: { description: "dryRun: the page it would create and what it leaves out", content: { "application/json": { schema: ImportPreviewSchema } } },
    201: { description: "Created, exactly as POST /pages (a claim token without an account), plus `dropped`", content: { "application/json": { schema: ImportCreatedSchema } } },
    400: problems[400], 401: problems[401], 409: problems[409], 413: problems[413], 429: problems[429],
  },
});

/** The plan, or a 400: an importer that trips over something unexpected says so instead of a 500. */
export function planOr400(source: ImportSource, content: string, slug: string): ImportPlan {
  try {
    return planImport(source, content, slug);
  } catch (err) {
    if (err instanceof AppError || err instanceof ZodError) throw err;
    console.error(`import from ${source}: unexpected error while reading the content`, err);
    throw unreadable(source, "(document)", "could not be read as this source's format");
  }
}

/** POST /imports (docs/imports.md): read, plan, then create through the create action (same limits). */
export const importsApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(importRoute, async (c) => {
  const actor = await getActor(c);
  if (actor.kind === "invalid") throw unauthorized(actor.reason);
  const { source, content, slug, dryRun } = c.req.valid("json");
  const plan = planOr400(source, content, slug);
  if (dryRun) return c.json({ page: plan.body, dropped: plan.dropped }, 200);
  const { created } = orProblem(await createPage(c.env, plan.body, actor.kind === "user" ? actor.user : null, await callerKey(c)), CREATE_PROBLEM);
  return c.json({ ...createdBody(c, created), dropped: plan.dropped }, 201, createdHeaders(created));
});
