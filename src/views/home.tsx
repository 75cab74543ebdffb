import { Layout } from "./layout";

export interface StartForm {
  slug: string;
  displayName: string;
  errors: Record<string, string>;
}
export interface ContinueForm {
  slug: string;
  errors: Record<string, string>;
}

export interface HomeProps {
  origin: string;
  start?: StartForm;
  continue?: ContinueForm;
  /** A whole-form problem in words (too many new pages, say). */
  alert?: string;
}

const FieldError = (p: { id: string; msg?: string }) => (p.msg ? <p class="field-error" id={p.id}>{p.msg}</p> : null);

/**
 * `/`: what MeLinks is, and a form that makes a page without an account (docs/onboarding.md). It posts
 * to /dashboard/start and works without JavaScript; /assets/slug-check.js only adds the as-you-type check.
 */
export function HomePage(p: HomeProps) {
  const host = new URL(p.origin).host;
  const s = p.start ?? { slug: "", displayName: "", errors: {} };
  const k = p.continue ?? { slug: "", errors: {} };
  return (
    <Layout title="MeLinks — one page for all your links, no tracking" description="A privacy-first link-in-bio page: fast, honest with visitors, open to your tools." scripts={["slug-check.js"]}>
      <h1>One page for all your links — and nobody tracked</h1>
      <p class="hero">
        Put one address in your bio. Your visitors get no cookies, no trackers and nothing loaded from anyone else; you still see which links
        they click, live.
      </p>
      <ul class="points">
        <li><strong>No tracking:</strong> a click records which link and when — never who.</li>
        <li><strong>Live clicks:</strong> watch counts move as people tap your links.</li>
        <li><strong>Leave any time:</strong> export everything, or delete it, whenever you like.</li>
      </ul>
      {p.alert ? <p class="alert error" role="alert">{p.alert}</p> : null}
      <form method="post" action="/dashboard/start" class="card" id="start" data-slug-check novalidate>
        <h2>Create your page — no account needed</h2>
        <label for="start-slug">Your address</label>
        <div class="slug-row">
          <span aria-hidden="true">{host}/</span>
          <input type="text" id="start-slug" name="slug" value={s.slug} required minlength={3} maxlength={32} autocomplete="off" autocapitalize="none" spellcheck={false}
            pattern="[A-Za-z0-9][A-Za-z0-9_\-]{2,31}" aria-describedby="start-slug-hint start-slug-status start-slug-error" aria-invalid={s.errors.slug ? "true" : undefined} />
        </div>
        <p class="hint" id="start-slug-hint">3–32 letters, digits, - or _. You can rename it later.</p>
        <p class="hint slug-status" id="start-slug-status" data-slug-status aria-live="polite"></p>
        <FieldError id="start-slug-error" msg={s.errors.slug} />
        <label for="start-name">Display name</label>
        <input type="text" id="start-name" name="displayName" value={s.displayName} required maxlength={64} autocomplete="name"
          aria-describedby="start-name-error" aria-invalid={s.errors.displayName ? "true" : undefined} />
        <FieldError id="start-name-error" msg={s.errors.displayName} />
        <button type="submit">Create my page</button>
        <p class="hint">You'll get a claim token that lets you edit the page from this browser until you sign in with your email to keep it. Unclaimed pages are deleted after 30 days.</p>
      </form>
      <h2 id="continue">Continue editing a page you started</h2>
      <form method="post" action="/dashboard/continue" class="card" novalidate>
        <label for="continue-slug">Address</label>
        <input type="text" id="continue-slug" name="slug" value={k.slug} required autocomplete="off" autocapitalize="none" spellcheck={false}
          aria-describedby="continue-slug-error" aria-invalid={k.errors.slug ? "true" : undefined} />
        <FieldError id="continue-slug-error" msg={k.errors.slug} />
        <label for="continue-token">Claim token</label>
        <input type="text" id="continue-token" name="claimToken" required autocomplete="off" autocapitalize="none" spellcheck={false} placeholder="mlc_…"
          aria-describedby="continue-token-error" aria-invalid={k.errors.claimToken ? "true" : undefined} />
        <FieldError id="continue-token-error" msg={k.errors.claimToken} />
        <button type="submit">Continue editing</button>
      </form>
      <p>
        Already have an account? <a href="/login">Sign in</a> with a link we email you — no password.
      </p>
      <div class="card">
        <h2>Or start from the API</h2>
        <p>Create a page with one request and keep the claim token you get back:</p>
        <pre>
          <code>{`curl -X POST ${p.origin}/api/v1/pages \\
  -H 'content-type: application/json' \\
  -d '{"slug":"ada","displayName":"Ada Lovelace","links":[{"title":"My site","url":"https://example.com"}]}'`}</code>
        </pre>
        <p>
          The whole API is described at <a href="/docs/api">/docs/api</a> (<a href="/api/v1/openapi.json">OpenAPI 3.1</a>).
        </p>
      </div>
      <h2>What we collect</h2>
      <p>
        Only what it takes to count clicks, and never an IP address. Read the <a href="/privacy">privacy page</a> — it is generated from the same
        settings the code runs on.
      </p>
    </Layout>
  );
}
