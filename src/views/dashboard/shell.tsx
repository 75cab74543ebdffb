import type { Child } from "hono/jsx";

export interface ShellProps {
  title: string;
  /** The signed-in email; null for a creator editing an unclaimed page without an account. */
  email: string | null;
  active?: "pages" | "account";
  /** Page-specific scripts under /assets/ (loaded after the shared dash.js). */
  scripts?: string[];
  /** Page-specific stylesheets under /assets/ (after dashboard.css). */
  styles?: string[];
  /** JSON handed to the page's script in a non-executable data block (CSP-safe). */
  data?: unknown;
  children: Child;
}

/** The dashboard frame: top bar with navigation and sign-out, one <main>, our own CSS and scripts only. */
export function DashShell(p: ShellProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${p.title} | MeLinks`}</title>
        <link rel="stylesheet" href="/assets/dashboard.css" />
        {(p.styles ?? []).map((s) => (
          <link rel="stylesheet" href={`/assets/${s}`} />
        ))}
        <script src="/assets/dash.js" defer></script>
        {(p.scripts ?? []).map((s) => (
          <script src={`/assets/${s}`} defer></script>
        ))}
      </head>
      <body class="dash">
        <a class="skip" href="#content">Skip to content</a>
        <header class="topbar">
          <div class="topbar-in">
            <a class="brand" href="/dashboard">
              <span class="brand-mark" aria-hidden="true">M</span>
              <span class="brand-text">MeLinks</span>
            </a>
            {p.email !== null ? (
              <>
                <nav class="mainnav" aria-label="Dashboard">
                  <a href="/dashboard" aria-current={p.active === "pages" ? "page" : undefined}>Pages</a>
                  <a href="/dashboard/account" aria-current={p.active === "account" ? "page" : undefined}>Account</a>
                </nav>
                <form method="post" action="/dashboard/logout" class="signout">
                  <span class="who" title={p.email}>{p.email}</span>
                  <button type="submit" class="btn btn-ghost btn-sm">Sign out</button>
                </form>
              </>
            ) : (
              <p class="signout">
                <span class="who">Not signed in</span> <a class="btn btn-ghost btn-sm" href="/login">Sign in</a>
              </p>
            )}
          </div>
        </header>
        <main id="content" tabindex={-1}>
          {p.children}
        </main>
        <footer class="dash-foot">
          <a href="/privacy">Privacy</a> · <a href="/docs/api">API</a> · MeLinks — links without tracking
        </footer>
        {p.data !== undefined ? <script type="application/json" id="dash-data" dangerouslySetInnerHTML={{ __html: jsonForHtml(p.data) }} /> : null}
      </body>
    </html>
  );
}

/** JSON safe inside a <script> data block: `<` can't close the element or open a comment. */
export function jsonForHtml(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A small flash message after a redirect (?created=…), announced to screen readers. */
export function Flash(p: { kind?: "ok" | "error"; children: Child }) {
  return (
    <div class={`flash flash-${p.kind ?? "ok"}`} role={p.kind === "error" ? "alert" : "status"} id="flash">
      {p.children}
    </div>
  );
}

/** A dashboard page for a slug that isn't the user's (or doesn't exist): the same answer for both. */
export function DashNotFound(p: { email: string | null }) {
  return (
    <DashShell title="Page not found" email={p.email} active="pages">
      <div class="card empty-state">
        <h1>No such page</h1>
        <p>You have no page at this address. It may have been deleted, or it belongs to another account.</p>
        <p>
          {p.email !== null ? (
            <a class="btn btn-primary" href="/dashboard">Back to your pages</a>
          ) : (
            <a class="btn btn-primary" href="/#continue">Continue editing with a claim token</a>
          )}
        </p>
      </div>
    </DashShell>
  );
}

/** "View page ↗": the public page in a new tab, said so to screen readers. */
export function ViewPageLink(props: { slug: string }) {
  return (
    <a class="btn btn-sm" href={`/${props.slug}`} target="_blank" rel="noopener">
      View page<span class="sr-only"> (opens in a new tab)</span> <span aria-hidden="true">↗</span>
    </a>
  );
}
