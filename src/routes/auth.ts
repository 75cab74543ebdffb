import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { requestSignIn, SIGN_IN_PROBLEM } from "../actions/request-sign-in";
import { signOut } from "../actions/sign-out";
import type { AppEnv } from "../env";
import { fieldError } from "../lib/errors";
import { zodProblem } from "../lib/problem";
import { orProblem } from "../lib/result";
import { validationHook } from "../lib/validation-hook";
import { LogoutRequestSchema, MagicLinkRequestSchema, OkSchema } from "../schemas/account";
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
  summary: "End this session and clear its cookie; with {\"everywhere\": true}, end every session of the account on every device (API keys stay valid until revoked)",
  // Documented, not validated by the route: signing out must work with any body or none (a beacon
  // sends text/plain, some clients send an empty JSON body); only a JSON body is read (readLogout).
  description: 'Optional JSON body `{ "everywhere": true }`. Any other content type, or no body, signs out this session only.',
  responses: { 204: { description: "Signed out" }, 400: problems[400] },
});

export const authApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(magicLink, async (c) => {
    const { email, next } = c.req.valid("json");
    orProblem(await requestSignIn(c, email, next), SIGN_IN_PROBLEM);
    return c.json({ ok: true as const }, 202);
  })
  .openapi(logout, async (c) => {
    const parsed = LogoutRequestSchema.safeParse(await jsonBodyIfAny(c.req.raw));
    if (!parsed.success) return zodProblem(parsed.error);
    return c.body(null, 204, { "set-cookie": await signOut(c, parsed.data.everywhere === true) });
  });

/** The optional logout body: read only when it is JSON with content ({} otherwise); bad JSON is a 400. */
async function jsonBodyIfAny(req: Request): Promise<unknown> {
  const text = (req.headers.get("content-type") ?? "").includes("json") ? (await req.text()).trim() : "";
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw fieldError([], "the body is not valid JSON");
  }
}
