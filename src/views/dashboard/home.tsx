import { DashShell, Flash } from "./shell";
import { Field, type FieldErrors } from "./fields";

export interface PageCard {
  slug: string;
  displayName: string;
  links: number;
  clicksToday: number;
  plan: "free" | "pro";
}

export interface HomeProps {
  email: string;
  origin: string;
  pages: PageCard[];
  flash?: { kind?: "ok" | "error"; text: string };
  create?: { slug?: string; displayName?: string; errors?: FieldErrors };
  /** What was posted, when refused: the token is kept only when it was not the problem (no re-pasting after a slug typo). */
  claim?: { slug?: string; token?: string; errors?: FieldErrors };
}

/** /dashboard: my pages with live clicks today, create a page, claim an anonymous one. */
export function HomePage(p: HomeProps) {
  const host = p.origin.replace(/^https?:\/\//, "");
  return (
    <DashShell title="Your pages" email={p.email} active="pages" scripts={["dash-home.js", "slug-check.js"]}>
      <div class="page-head">
        <h1>Your pages</h1>
        <p class="muted">Each page is one link-in-bio address. Clicks update live.</p>
      </div>
      {p.flash ? <Flash kind={p.flash.kind}>{p.flash.text}</Flash> : null}
      {p.pages.length ? (
        <ul class="page-list" aria-label="Your pages">
          {p.pages.map((pg) => (
            <li class="card page-card" data-slug={pg.slug}>
              <div class="page-card-main">
                <span class="avatar-sm" aria-hidden="true">{Array.from(pg.displayName)[0]?.toUpperCase() ?? "?"}</span>
                <div class="page-card-text">
                  <h2 class="page-card-title">
                    <a href={`/dashboard/pages/${pg.slug}`} dir="auto">{pg.displayName}</a>
                    {pg.plan === "pro" ? <span class="badge badge-pro">Pro</span> : null}
                  </h2>
                  <p class="page-card-url">
                    <a href={`/${pg.slug}`} target="_blank" rel="noopener">{host}/{pg.slug}</a>
                  </p>
                </div>
              </div>
              <dl class="stats">
                <div>
                  <dt>Clicks today</dt>
                  <dd>
                    <span class="stat-num" data-today={pg.slug} aria-live="polite">{pg.clicksToday}</span>
                  </dd>
                </div>
                <div>
                  <dt>Links</dt>
                  <dd>
                    <span class="stat-num">{pg.links}</span>
                  </dd>
                </div>
              </dl>
              <div class="page-card-actions">
                <a class="btn btn-primary btn-sm" href={`/dashboard/pages/${pg.slug}`}>
                  Edit<span class="sr-only"> {pg.displayName}</span>
                </a>
                <a class="btn btn-sm" href={`/dashboard/pages/${pg.slug}/analytics`}>
                  Analytics<span class="sr-only"> for {pg.displayName}</span>
                </a>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <div class="card empty-state">
          <h2>No pages yet</h2>
          <p>Create your first page below: pick an address, add your links, share it everywhere.</p>
        </div>
      )}
      <p class="live-note muted" aria-hidden="true">
        <span class="live-dot" data-live-state="idle"></span> <span data-live-label>Live updates need JavaScript; reload to refresh.</span>
      </p>

      <div class="grid-2">
        <section class="card" aria-labelledby="create-h">
          <h2 id="create-h">Create a page</h2>
          <form method="post" action="/dashboard/pages" class="stack" data-create-form data-slug-check>
            <Field
              name="slug"
              label="Address"
              value={p.create?.slug}
              errors={p.create?.errors}
              required
              minlength={3}
              maxlength={32}
              autocomplete="off"
              spellcheck={false}
              placeholder="your-name"
              hint={<>Your page will live at <span class="mono">{host}/<span data-slug-echo>{p.create?.slug || "your-name"}</span></span>. 3–32 letters, digits, - or _.</>}
              extra={<p class="slug-status" data-slug-status aria-live="polite"></p>}
            />
            <Field name="displayName" label="Display name" value={p.create?.displayName} errors={p.create?.errors} required maxlength={64} autocomplete="name" />
            <button type="submit" class="btn btn-primary">Create page</button>
          </form>
          <p class="muted">
            Have a page elsewhere? <a href="/dashboard/import">Import it</a> from Linktree, LinkStack, BioDrop, LittleLink or a MeLinks export.
          </p>
        </section>

        <section class="card" aria-labelledby="claim-h">
          <h2 id="claim-h">Claim a page</h2>
          <p class="muted">Made a page without an account? Paste its address and the claim token (<span class="mono">mlc_…</span>) you got back.</p>
          <form method="post" action="/dashboard/claim" class="stack">
            <Field name="slug" id="claim-slug" label="Page address" value={p.claim?.slug} errors={p.claim?.errors} required maxlength={32} autocomplete="off" spellcheck={false} />
            <Field name="claimToken" id="claim-token" label="Claim token" type="password" value={p.claim?.token} errors={p.claim?.errors} required maxlength={128} autocomplete="off" spellcheck={false} />
            <button type="submit" class="btn">Claim page</button>
          </form>
        </section>
      </div>
    </DashShell>
  );
}
