import { bodyLimit } from "hono/body-limit";
import { MAX_BODY_BYTES } from "../lib/policy";
import { problemResponse } from "../lib/problem";

/** Refuse bodies over MAX_BODY_BYTES — counted while streaming, so a missing or lying Content-Length doesn't help. */
export const apiBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => problemResponse("payload_too_large", `Request bodies may be at most ${MAX_BODY_BYTES / 1024} KiB.`),
});
