import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { siteCsp } from "../lib/html";
import { isApiPath } from "../lib/page-errors";
import { MAX_BODY_BYTES, MAX_EDITOR_FORM_BYTES, MAX_FORM_BYTES, MAX_IMPORT_BYTES } from "../lib/policy";
import { problemResponse } from "../lib/problem";
import { TooLargePage } from "../views/limit-pages";

/** Over the limit: 413 in the door's own language, saying only the limit — never any of the body. */
async function tooLarge(c: Context, maxBytes: number): Promise<Response> {
  if (isApiPath(c.req.path)) return problemResponse("payload_too_large", `Request bodies may be at most ${maxBytes / 1024} KiB.`);
  const html = "<!doctype html>" + (await TooLargePage({ maxKiB: maxBytes / 1024 }).toString());
  return new Response(html, {
    status: 413,
    headers: { "content-type": "text/html; charset=UTF-8", "content-security-policy": await siteCsp(), "cache-control": "no-store", connection: "close" },
  });
}

const limiter = (maxBytes: number) => bodyLimit({ maxSize: maxBytes, onError: (c) => tooLarge(c, maxBytes) });
const api = limiter(MAX_BODY_BYTES);
const editor = limiter(MAX_EDITOR_FORM_BYTES);
const form = limiter(MAX_FORM_BYTES);
/** An import carries a whole saved page (a Linktree page's HTML is hundreds of KiB), as JSON or a form upload. */
const importer = limiter(MAX_IMPORT_BYTES * 2);
const IMPORT = /^(\/dashboard)?\/api\/v1\/imports$|^\/dashboard\/import$/;

/** The editor's no-JS save, and its preview of an unsaved draft, carry a whole page (up to 100 links). */
const EDITOR_SAVE = /^\/dashboard\/pages\/[^/]+(\/preview)?$/;

/** A photo upload (API PUT, or the dashboard's no-JS form) has its own, larger cap, set on its route (routes/avatar.ts). */
const PHOTO_UPLOAD = /^\/(api\/v1|dashboard\/api\/v1|dashboard)\/pages\/[^/]+\/avatar$/;

/**
 * Every request body has a size limit (docs/limits.md#body-sizes), mounted before routing so no route
 * can read more: the JSON API's MAX_BODY_BYTES, the editor form's MAX_EDITOR_FORM_BYTES, and
 * twice MAX_IMPORT_BYTES (room for JSON escaping or the form around it) for imports, and
 * MAX_FORM_BYTES for every other form (sign-in, verify, report, signup, dashboard forms). Counted while
 * streaming, so a missing or lying Content-Length doesn't help.
 */
export const bodySizeLimit = createMiddleware<AppEnv>(async (c, next) => {
  const path = c.req.path;
  if ((c.req.method === "PUT" || c.req.method === "POST") && PHOTO_UPLOAD.test(path)) return next();
  const pick = c.req.method === "POST" && IMPORT.test(path) ? importer : isApiPath(path) ? api : c.req.method === "POST" && EDITOR_SAVE.test(path) ? editor : form;
  return pick(c, next);
});
