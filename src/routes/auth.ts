import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { requestSignIn } from "../actions/request-sign-in";
import { clearedSessionCookie } from "../auth/cookies";
import { deleteSession } from "../auth/sessions";
import type { AppEnv } from "../env";
import { validationHook } from "../lib/validation-hook";
import { getActor } from "../middleware/auth";
import { MagicLinkRequestSchema, OkSchema } from "../schemas/account";
import { problems } from "../schemas/problem";

const magicLink = createRoute({
  method: "post",
  path: "/auth/magic-link",
  tags: ["Auth"],
  summary: "Email a sign-in link (same answer whether or not the account exists)",
  request: { body: { required: true, content: { "application/json": { schema: MagicLinkRequestSchema } } } },
  responses: {
    202: { description: "If the address can receive mail, a link is on its way", content: { "application/json": { schema: OkSchema } } },
    400: problems[400],
    429: problems[429],
  },
});

const logout = createRoute({
  method: "post",
  path: "/auth/logout",
  tags: ["Auth"],
  summary: "End this session and clear its cookie",
  responses: { 204: { description: "Signed out" } },
});

export const authApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(magicLink, async (c) => {
    const { email, next } = c.req.valid("json");
    await requestSignIn(c, email, next);
    return c.json({ ok: true as const }, 202);
  })
  .openapi(logout, async (c) => {
    const actor = await getActor(c);
    if (actor.kind === "user" && actor.via === "session") await deleteSession(c.env.SESSIONS, actor.sessionId);
    return c.body(null, 204, { "set-cookie": clearedSessionCookie(c.req.url) });
  });
