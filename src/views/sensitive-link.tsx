import { Layout } from "./layout";

/**
 * The notice in front of a link its owner marked sensitive: no script, no cookie. Continuing posts
 * back to the same /{slug}/go/{id} address (which counts the click and redirects), so the target is
 * always the server's URL for that link, and prefetchers or link scanners, which never POST, can't count it.
 */
export function SensitiveLinkPage(p: { slug: string; linkId: string; title: string; referrer: string | null; referrerSig?: string }) {
  // The carried referrer and its signature go on to the click unchanged (lib/referrer.ts checks them there).
  const carried = p.referrer ? `?r=${encodeURIComponent(p.referrer)}${p.referrerSig ? `&s=${encodeURIComponent(p.referrerSig)}` : ""}` : "";
  const action = `/${p.slug}/go/${encodeURIComponent(p.linkId)}${carried}`;
  return (
    <Layout title="Sensitive content | MeLinks" noindex>
      <div class="card">
        <h1>This link may be for adults only</h1>
        <p>
          The owner of <a href={`/${p.slug}`}>/{p.slug}</a> marked “<span dir="auto">{p.title}</span>” as sensitive: it may lead to content
          that is not suitable for everyone.
        </p>
        <form method="post" action={action}>
          <button type="submit">Continue to the link</button>
        </form>
        <p>
          <a href={`/${p.slug}`}>Go back to the page</a>
        </p>
      </div>
    </Layout>
  );
}
