import { Layout } from "../layout";
import { CopyField, Field, type FieldErrors } from "./fields";
import { DashShell, Flash } from "./shell";

export interface AccountProps {
  email: string;
  plan: "free" | "pro";
  createdAt: string;
  keys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
  pages: { slug: string; displayName: string }[];
  newKey?: { name: string; key: string };
  keyErrors?: FieldErrors;
  deleteError?: string;
  flash?: string;
}

const day = (iso: string) => new Date(iso).toISOString().slice(0, 10);

/** /dashboard/account: plan, API keys, data export, delete account, sign out. */
export function AccountPage(p: AccountProps) {
  return (
    <DashShell title="Account" email={p.email} active="account">
      <div class="narrow">
        <div class="page-head">
          <h1>Account</h1>
        </div>
        {p.flash ? <Flash>{p.flash}</Flash> : null}
        <section class="card" aria-labelledby="plan-h">
          <div class="card-head">
            <h2 id="plan-h">Your plan</h2>
            <span class={`badge ${p.plan === "pro" ? "badge-pro" : ""}`}>{p.plan === "pro" ? "Pro" : "Free"}</span>
          </div>
          <dl class="facts">
            <div><dt>Email</dt><dd>{p.email}</dd></div>
            <div><dt>Member since</dt><dd>{day(p.createdAt)}</dd></div>
            <div><dt>Pages</dt><dd>{p.pages.length}</dd></div>
          </dl>
          <p class="muted">
            {p.plan === "pro"
              ? "Pro pages also record each click's country and referring site's domain, and can collect emails."
              : "Free pages record only which link was clicked and when. Pro adds countries, referrers and email signups."}
          </p>
        </section>

        <section class="card" aria-labelledby="keys-h" id="api-keys">
          <h2 id="keys-h">API keys</h2>
          <p class="muted">
            Keys let scripts use the <a href="/docs/api">MeLinks API</a> as you: send <span class="mono">Authorization: Bearer mlk_…</span>. We keep only a hash of each key.
          </p>
          {p.newKey ? (
            <div class="new-key" role="status" data-replace-url="/dashboard/account">
              <p>
                <strong>New key “<bdi>{p.newKey.name}</bdi>”.</strong> Copy it now: it is shown only this once.
              </p>
              <CopyField id="new-key" label="Your new API key" labelHidden value={p.newKey.key} />
            </div>
          ) : null}
          {p.keys.length ? (
            <table class="keys">
              <thead>
                <tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span class="sr-only">Actions</span></th></tr>
              </thead>
              <tbody>
                {p.keys.map((k) => (
                  <tr>
                    <td dir="auto">{k.name}</td>
                    <td>{day(k.createdAt)}</td>
                    <td>{k.lastUsedAt ? day(k.lastUsedAt) : "Never"}</td>
                    <td class="num">
                      <form
                        method="post"
                        action={`/dashboard/account/api-keys/${encodeURIComponent(k.id)}/revoke`}
                        data-confirm-dialog={`Revoke the key “${k.name}”? Scripts using it stop working at once; this cannot be undone.`}
                        data-confirm-label="Revoke key"
                      >
                        <input type="hidden" name="confirm" value="" />
                        <button type="submit" class="btn btn-sm btn-danger-ghost">Revoke<span class="sr-only"> key {k.name}</span></button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">No API keys yet.</p>
          )}
          <form method="post" action="/dashboard/account/api-keys" class="inline-form">
            <Field name="name" id="key-name" label="New key name" errors={p.keyErrors} required maxlength={64} placeholder="e.g. deploy script" autocomplete="off" />
            <button type="submit" class="btn btn-primary">Create key</button>
          </form>
        </section>

        <section class="card" aria-labelledby="export-h">
          <h2 id="export-h">Your data</h2>
          <p class="muted">Everything we hold for a page — profile, links, theme, settings, click aggregates and collected emails — as one JSON file, or a self-contained copy of the page.</p>
          {p.pages.length ? (
            <ul class="export-list">
              {p.pages.map((pg) => (
                <li>
                  <span><bdi>{pg.displayName}</bdi> <span class="muted mono">/{pg.slug}</span></span>
                  <span class="export-actions">
                    <a class="btn btn-sm" href={`/api/v1/pages/${pg.slug}/export`} download={`melinks-${pg.slug}.json`}>Export JSON<span class="sr-only"> of {pg.slug}</span></a>
                    <a class="btn btn-sm btn-ghost" href={`/api/v1/pages/${pg.slug}/export?format=html`} download={`melinks-${pg.slug}.html`}>HTML copy<span class="sr-only"> of {pg.slug}</span></a>
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">You have no pages to export.</p>
          )}
        </section>

        <section class="card" aria-labelledby="session-h">
          <h2 id="session-h">Sign out</h2>
          <p class="muted">
            "Sign out" ends this browser's session; other devices stay signed in. "Sign out everywhere" ends every
            session of your account, on every device, at once (use it if you signed in somewhere you shouldn't have).
            API keys keep working until you revoke them.
          </p>
          <div class="head-actions">
            <form method="post" action="/dashboard/logout">
              <button type="submit" class="btn">Sign out</button>
            </form>
            <form method="post" action="/dashboard/logout">
              <input type="hidden" name="everywhere" value="1" />
              <button type="submit" class="btn">Sign out everywhere</button>
            </form>
          </div>
        </section>

        <section class="card card-danger" aria-labelledby="del-h" id="delete-account">
          <h2 id="del-h">Delete account</h2>
          <p>
            Deletes your account and everything in it at once: {p.pages.length === 1 ? "your page with its" : `${p.pages.length} pages with their`} links, analytics and collected emails, your API keys and sessions. This cannot be undone.
          </p>
          <form method="post" action="/dashboard/account/delete" class="stack" data-confirm-form={p.email}>
            <div class="field">
              <label for="delete-account-confirm">Type your email address to confirm</label>
              <input id="delete-account-confirm" name="confirm" type="email" autocomplete="off" required aria-invalid={p.deleteError ? "true" : undefined} aria-describedby={p.deleteError ? "delete-account-err" : undefined} />
              {p.deleteError ? <p class="field-error" id="delete-account-err" role="alert">{p.deleteError}</p> : null}
            </div>
            <button type="submit" class="btn btn-danger" data-confirm-button>Delete my account</button>
          </form>
        </section>
      </div>
    </DashShell>
  );
}

export function AccountDeletedPage() {
  return (
    <Layout title="Account deleted | MeLinks" noindex>
      <div class="card" role="status">
        <h1>Your account is deleted</h1>
        <p>Your pages, their links, analytics and collected emails, your API keys and sessions are gone. Thank you for trying MeLinks.</p>
        <p><a href="/">MeLinks home</a></p>
      </div>
    </Layout>
  );
}
