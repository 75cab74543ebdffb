import { Layout } from "./layout";

/** `/`: what MeLinks is, and where to start. */
export function HomePage(props: { origin: string }) {
  return (
    <Layout title="MeLinks — one page for all your links, no tracking" description="A privacy-first link-in-bio page: fast, honest with visitors, open to your tools.">
      <h1>MeLinks</h1>
      <p>
        One page for all your links. Your visitors get no cookies, no trackers and nothing loaded from anyone else;
        you still see which links they click, live.
      </p>
      <p>
        <a class="button" href="/dashboard">Create your page</a>{" "}
        <a href="/login">Sign in</a> — with a link we email you; no password.
      </p>
      <div class="card">
        <h2>Or start without an account, from the API</h2>
        <p>
          Create a page with one request and keep the claim token you get back — it lets you edit the page until you sign in and claim it:
        </p>
        <pre>
          <code>{`curl -X POST ${props.origin}/api/v1/pages \\
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
