import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { deleteAccount } from "../actions/delete-account";
import { closeLiveOnPages } from "../actions/live-access";
import { createApiKey, deleteApiKey, listApiKeys } from "../auth/api-keys";
import { clearedSessionCookie, deleteSession } from "../auth/sessions";
import { pagesOfOwner } from "../db/pages";
import type { AppEnv } from "../env";
import { AppError } from "../lib/errors";
import { keyTag } from "../lib/live-tags";
import { validationHook } from "../lib/validation-hook";
import { currentUser, getActor, requireUser } from "../middleware/auth";
import { ApiKeyCreateSchema, ApiKeySchema, MeSchema, NewApiKeySchema } from "../schemas/account";
import { problems } from "../schemas/problem";

const security: Record<string, string[]>[] = [{ ApiKey: [] }, { Session: [] }];
const middleware = [requireUser];
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

const getMe = createRoute({
  method: "get", path: "/me", tags: ["Account"], summary: "Your account: email, plan, pages and key count", security, middleware,
  responses: { 200: json(MeSchema, "You"), 401: problems[401] },
});
const deleteMe = createRoute({
  method: "delete", path: "/me", tags: ["Account"], summary: "Delete your account and everything in it (pages, analytics, subscribers, keys, sessions)", security, middleware,
  responses: { 204: { description: "Deleted" }, 401: problems[401] },
});
const createKey = createRoute({
  method: "post", path: "/api-keys", tags: ["API keys"], summary: "Create an API key (the key is shown once)", security, middleware,
  request: { body: { required: true, content: { "application/json": { schema: ApiKeyCreateSchema } } } },
  responses: { 201: json(NewApiKeySchema, "Created"), 400: problems[400], 401: problems[401] },
});
const listKeys = createRoute({
  method: "get", path: "/api-keys", tags: ["API keys"], summary: "Your API keys (never the secrets)", security, middleware,
  responses: { 200: json(z.object({ apiKeys: z.array(ApiKeySchema) }), "Your keys"), 401: problems[401] },
});
const revokeKey = createRoute({
  method: "delete", path: "/api-keys/{id}", tags: ["API keys"], summary: "Revoke an API key, at once", security, middleware,
  request: { params: z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: { 204: { description: "Revoked" }, 401: problems[401], 404: problems[404] },
});

export const meApi = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(getMe, async (c) => {
    const user = currentUser(c);
    const [pages, keys] = await Promise.all([pagesOfOwner(c.env.DB, user.id), listApiKeys(c.env.DB, user.id)]);
    return c.json({ email: user.email, plan: user.plan, createdAt: user.created_at, pages: pages.map((p) => p.slug), apiKeys: keys.length }, 200);
  })
  .openapi(deleteMe, async (c) => {
    const actor = await getActor(c);
    await deleteAccount(c.env, currentUser(c));
    if (actor.kind === "user" && actor.via === "session") await deleteSession(c.env.SESSIONS, actor.sessionId);
    return c.body(null, 204, { "set-cookie": clearedSessionCookie(c.req.url) });
  })
  .openapi(createKey, async (c) => {
    const { row, key } = await createApiKey(c.env.DB, currentUser(c).id, c.req.valid("json").name);
    return c.json({ id: row.id, name: row.name, key, createdAt: row.created_at }, 201);
  })
  .openapi(listKeys, async (c) => {
    const keys = await listApiKeys(c.env.DB, currentUser(c).id);
    return c.json({ apiKeys: keys.map((k) => ({ id: k.id, name: k.name, createdAt: k.created_at, lastUsedAt: k.last_used_at })) }, 200);
  })
  .openapi(revokeKey, async (c) => {
    const id = c.req.valid("param").id;
    if (!(await deleteApiKey(c.env.DB, currentUser(c).id, id))) throw new AppError("not_found", "You have no API key with this id.");
    await closeLiveOnPages(c.env, currentUser(c).id, keyTag(id)); // its live sockets end with it
    return c.body(null, 204);
  });
