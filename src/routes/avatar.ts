import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { removeAvatar, setAvatar, type SetAvatarResult } from "../actions/set-avatar";
import type { AppEnv } from "../env";
import { AppError, toFieldError } from "../lib/errors";
import { pageForCaller } from "../lib/origin";
import { AVATAR_MAX_UPLOAD_BYTES, AVATAR_TYPES } from "../lib/policy";
import { problemResponse } from "../lib/problem";
import { validationHook } from "../lib/validation-hook";
import type { AvatarType } from "../media/avatar-codec";
import { pageAccess } from "../middleware/auth";
import { PageSchema } from "../schemas/page";
import { problems } from "../schemas/problem";
import { SlugParamSchema } from "../schemas/slug";

const security: Record<string, string[]>[] = [{ ApiKey: [] }, { Session: [] }, { ClaimToken: [] }];
const MB = AVATAR_MAX_UPLOAD_BYTES / (1024 * 1024);

/** This route's own cap (the API's general one is far smaller; middleware/body-limit.ts lets this path through). */
const uploadLimit = bodyLimit({
  maxSize: AVATAR_MAX_UPLOAD_BYTES,
  onError: () => problemResponse("payload_too_large", `A photo may be at most ${MB} MB.`),
});

const binary = { schema: { type: "string" as const, format: "binary" } };

const put = createRoute({
  method: "put",
  path: "/pages/{slug}/avatar",
  tags: ["Pages"],
  summary: `Set the profile photo: the image itself as the body (JPEG, PNG or WebP, at most ${MB} MB). It is re-encoded without any metadata, at most 512 × 512`,
  security,
  middleware: [pageAccess, uploadLimit] as const,
  request: { params: SlugParamSchema, body: { content: Object.fromEntries(AVATAR_TYPES.map((t) => [t, binary])) } },
  responses: {
    200: { description: "The page with its new photo", content: { "application/json": { schema: PageSchema } } },
    400: problems[400], 401: problems[401], 403: problems[403], 404: problems[404],
    413: { ...problems[413], description: `Body larger than ${MB} MB` },
    415: { description: "Content-Type is not image/jpeg, image/png or image/webp", content: problems[400].content },
  },
});

const del = createRoute({
  method: "delete",
  path: "/pages/{slug}/avatar",
  tags: ["Pages"],
  summary: "Remove the profile photo (the page shows its initial again)",
  security,
  middleware: [pageAccess] as const,
  request: { params: SlugParamSchema },
  responses: { 204: { description: "Removed" }, 401: problems[401], 403: problems[403], 404: problems[404] },
});

/** The declared image type, or a 415 naming Content-Type. */
export function avatarTypeOf(header: string | undefined): AvatarType {
  const type = (header ?? "").split(";")[0]!.trim().toLowerCase();
  if ((AVATAR_TYPES as readonly string[]).includes(type)) return type as AvatarType;
  throw new AppError("unsupported_media_type", `Content-Type must be one of ${AVATAR_TYPES.join(", ")} (got ${type || "none"}).`, {
    errors: [toFieldError(["Content-Type"], `must be one of ${AVATAR_TYPES.join(", ")}`)],
  });
}

/** Turn a refused upload into its problem (shared with the dashboard's no-script form). */
export function avatarProblem(res: Exclude<SetAvatarResult, { ok: true }>, slug: string): AppError {
  if (res.reason === "not_found") return new AppError("not_found", `There is no page "${slug}".`);
  return new AppError("validation_failed", res.detail, { errors: [toFieldError([], res.detail)] });
}

export const avatarApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(put, async (c) => {
    const row = c.get("pageRow");
    const type = avatarTypeOf(c.req.header("content-type"));
    const res = await setAvatar(c.env, row, new Uint8Array(await c.req.arrayBuffer()), type);
    if (!res.ok) throw avatarProblem(res, row.slug);
    return c.json(pageForCaller(c, res.page), 200, { ETag: res.etag });
  })
  .openapi(del, async (c) => {
    const row = c.get("pageRow");
    const res = await removeAvatar(c.env, row);
    if (!res.ok) throw new AppError("not_found", `There is no page "${row.slug}".`);
    return c.body(null, 204);
  });
