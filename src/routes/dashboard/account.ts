import { Hono, type Context } from "hono";
import { deleteAccount } from "../../actions/delete-account";
import { createApiKey, deleteApiKey, listApiKeys } from "../../auth/api-keys";
import { closeLiveOnPages } from "../../actions/live-access";
import { signOut } from "../../actions/sign-out";
import { keyTag } from "../../lib/live-tags";
import { pagesOfOwner } from "../../db/pages";
import type { AppEnv } from "../../env";
import { linkPageStub } from "../../link-page/stub";
import { sendPage } from "../../lib/html";
import { ApiKeyCreateSchema } from "../../schemas/account";
import { AccountDeletedPage, AccountPage, type AccountProps } from "../../views/dashboard/account";
import { ConfirmRevokeKey } from "../../views/dashboard/confirm";
import { formString, zodFieldErrors } from "./forms";
import { sendDashboard, type DashStatus } from "./guard";
import { currentUser } from "../../middleware/auth";

async function renderAccount(c: Context<AppEnv>, extra: Partial<AccountProps> = {}, status: DashStatus = 200) {
  const user = currentUser(c);
  const [keys, rows] = await Promise.all([listApiKeys(c.env.DB, user.id), pagesOfOwner(c.env.DB, user.id)]);
  const pages = await Promise.all(
    rows.map(async (r) => ({ slug: r.slug, displayName: (await linkPageStub(c.env, r.slug).get())?.page.displayName ?? r.slug })),
  );
  const props: AccountProps = {
    email: user.email,
    plan: user.plan,
    createdAt: user.created_at,
    keys: keys.map((k) => ({ id: k.id, name: k.name, createdAt: k.created_at, lastUsedAt: k.last_used_at })),
    pages,
    ...extra,
  };
  return sendDashboard(c, AccountPage(props), status);
}

/** End this browser's session: the KV entry and the cookie. */

/** Account, API keys, account deletion and sign-out: plain form posts (CSRF-checked by Origin). */
export const accountRoutes = new Hono<AppEnv>()
  .get("/account", (c) => renderAccount(c, c.req.query("revoked") !== undefined ? { flash: "The key was revoked: it stops working at once." } : {}))
  .post("/account/api-keys", async (c) => {
    const form = await c.req.parseBody();
    const parsed = ApiKeyCreateSchema.safeParse({ name: formString(form.name) });
    if (!parsed.success) return renderAccount(c, { keyErrors: zodFieldErrors(parsed.error) }, 400);
    const { row, key } = await createApiKey(c.env.DB, currentUser(c).id, parsed.data.name);
    // Shown in this response only (never stored in clear, never cached: see requireSession).
    return renderAccount(c, { newKey: { name: row.name, key } });
  })
  .post("/account/api-keys/:id/revoke", async (c) => {
    const user = currentUser(c);
    const id = c.req.param("id");
    const form = await c.req.parseBody();
    if (form.confirm !== "yes") {
      // Without JavaScript (dash.js asks in a dialog), the question gets a page of its own.
      const key = (await listApiKeys(c.env.DB, user.id)).find((k) => k.id === id);
      if (!key) return c.redirect("/dashboard/account", 303);
      return sendDashboard(c, ConfirmRevokeKey({ email: user.email, name: key.name, action: c.req.path }));
    }
    if (await deleteApiKey(c.env.DB, user.id, id)) await closeLiveOnPages(c.env, user.id, keyTag(id));
    return c.redirect("/dashboard/account?revoked=1", 303);
  })
  .post("/account/delete", async (c) => {
    const user = currentUser(c);
    const form = await c.req.parseBody();
    if (formString(form.confirm).trim().toLowerCase() !== user.email) {
      return renderAccount(c, { deleteError: "That isn't your account's email address; nothing was deleted." }, 400);
    }
    const cookie = await signOut(c, false);
    await deleteAccount(c.env, user);
    const res = await sendPage(c, AccountDeletedPage());
    res.headers.set("set-cookie", cookie);
    res.headers.set("cache-control", "no-store");
    return res;
  })
  .post("/logout", async (c) => {
    const form = await c.req.parseBody();
    const everywhere = formString(form.everywhere) === "1";
    const cookie = await signOut(c, everywhere);
    return c.body(null, 303, { location: `/login?signedout=${everywhere ? "all" : "1"}`, "set-cookie": cookie, "cache-control": "no-store" });
  });
