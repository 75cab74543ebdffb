import { Layout } from "./layout";

/** The 404. `offer`: a free, valid address — offered to whoever came looking (docs/onboarding.md). */
export function NotFoundPage(props: { what?: string; offer?: string }) {
  return (
    <Layout title="Not found | MeLinks" noindex>
      <div class="card">
        <h1>Nothing here</h1>
        <p>{props.what ?? "This page doesn't exist."} Check the address for typos — or it may have been removed by its owner.</p>
        <p>
          <a href="/">Go to MeLinks</a>
        </p>
      </div>
      {props.offer ? (
        <form method="post" action="/dashboard/start" class="card" id="start">
          <h2>This address is free — make it yours</h2>
          <p>
            Create a page at <strong>/{props.offer}</strong> in a minute, no account needed.
          </p>
          <input type="hidden" name="slug" value={props.offer} />
          <label for="offer-name">Display name</label>
          <input type="text" id="offer-name" name="displayName" required maxlength={64} autocomplete="name" />
          <button type="submit">Create /{props.offer}</button>
        </form>
      ) : null}
    </Layout>
  );
}

export function GonePage() {
  return (
    <Layout title="Page unavailable | MeLinks" noindex>
      <div class="card">
        <h1>This page has been taken down</h1>
        <p>It broke the rules of MeLinks and is no longer available.</p>
        <p>
          <a href="/">Go to MeLinks</a>
        </p>
      </div>
    </Layout>
  );
}
