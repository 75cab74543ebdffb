import { Layout } from "./layout";

export function NotFoundPage(props: { what?: string }) {
  return (
    <Layout title="Not found | MeLinks" noindex>
      <div class="card">
        <h1>Nothing here</h1>
        <p>{props.what ?? "This page doesn't exist."} Check the address for typos — or it may have been removed by its owner.</p>
        <p>
          <a href="/">Go to MeLinks</a>
        </p>
      </div>
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
