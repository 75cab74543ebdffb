import { createMiddleware } from "hono/factory";
import { bodyLimit } from "hono/body-limit";
import { MAX_BODY_BYTES } from "../lib/policy";
import { problemResponse } from "../lib/problem";

/** Refuse bodies over MAX_BODY_BYTES — counted while streaming, so a missing or lying Content-Length doesn't help. */
const limit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => problemResponse("payload_too_large", `Request bodies may be at most ${MAX_BODY_BYTES / 1024} KiB.`),
});

/** A photo upload has its own, larger cap, set on its route (routes/avatar.ts). */
const PHOTO_UPLOAD = /\/pages\/[^/]+\/avatar$/;

export const apiBodyLimit = createMiddleware((c, next) => (c.req.method === "PUT" && PHOTO_UPLOAD.test(c.req.path) ? next() : limit(c, next)));
