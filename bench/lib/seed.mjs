// Pages for the scenarios, created through the public API like any client would.

let client = 0;
/**
 * A distinct client address per setup request (198.18.0.0/15 is the benchmarking range, RFC 2544):
 * the per-client limits on page creation and API writes apply to many visitors here, not one.
 */
export const someClient = () => ({ "cf-connecting-ip": `198.18.${(client >> 8) & 255}.${client++ & 255}` });

/** Platforms whose icons a typical page shows (docs/pages.md#page-weight): links cycle through them. */
const ICON_HOSTS = ["github.com", "www.youtube.com", "open.spotify.com", "www.instagram.com", "www.patreon.com"];
const SOCIALS = ["https://www.instagram.com/", "https://www.tiktok.com/@", "https://www.youtube.com/@", "https://github.com/", "https://mastodon.social/@", "https://bsky.app/profile/"];

/**
 * `n` slugs `prefix-0x`, `prefix-1x`, …: the trailing letter keeps a number from reading as a reserved
 * word (digits are read as look-alike letters, so `cold-550` is "sso", docs/text-rules.md#reserved-addresses).
 */
export const numberedSlugs = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}-${i}x`);

/** A typical page: a display name, a bio, `links` links that show platform icons, and 6 social icons. */
export function pageBody(slug, links = 10) {
  return {
    slug,
    displayName: `Bench ${slug}`,
    bio: "Writer, speaker and maker of small useful things. New essay every week.",
    links: Array.from({ length: links }, (_, i) => ({ title: `Link number ${i + 1}`, url: `https://${ICON_HOSTS[i % ICON_HOSTS.length]}/${slug}/${i + 1}` })),
    socials: SOCIALS.map((prefix) => ({ url: `${prefix}${slug}` })),
  };
}

/**
 * Create pages (anonymously: each answer carries its claim token) with a few requests in flight.
 * @returns {Promise<{ slug: string, token: string, pageId?: string, linkIds: string[] }[]>}
 */
export async function createPages(url, slugs, { links = 10, concurrency = 8 } = {}) {
  const out = new Array(slugs.length);
  let next = 0;
  const worker = async () => {
    while (next < slugs.length) {
      const i = next++;
      const res = await fetch(`${url}/api/v1/pages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...someClient() },
        body: JSON.stringify(pageBody(slugs[i], links)),
      });
      if (res.status !== 201) throw new Error(`creating ${slugs[i]}: ${res.status} ${await res.text()}`);
      const body = await res.json();
      out[i] = { slug: body.page.slug, token: body.claimToken, linkIds: body.page.links.map((l) => l.id) };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/** PATCH a page with its claim token. */
export async function patchPage(url, page, body) {
  const res = await fetch(`${url}/api/v1/pages/${page.slug}`, {
    method: "PATCH",
    headers: { "content-type": "application/json", authorization: `Bearer ${page.token}`, ...someClient() },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`PATCH ${page.slug}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** D1's page id of a slug (the bench reads D1 through Miniflare's binding). */
export async function pageIdOf(db, slug) {
  const row = await db.prepare("SELECT id FROM pages WHERE slug = ?").bind(slug).first();
  return row.id;
}
