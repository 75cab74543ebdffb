import type { Link } from "../schemas/page";

export interface PublicPageProps {
  slug: string;
  displayName: string;
  bio: string;
  links: Link[];
  canonicalUrl: string;
  noindex: boolean;
  css: string[];
}

/** The public link page: no script, no external resource; every user string goes through JSX escaping. */
export function PublicPage(p: PublicPageProps) {
  const description = p.bio || `Links from ${p.displayName}`;
  const initial = Array.from(p.displayName)[0]?.toUpperCase() ?? "?";
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${p.displayName} | MeLinks`}</title>
        <meta name="description" content={description} />
        {p.noindex ? <meta name="robots" content="noindex" /> : null}
        <link rel="canonical" href={p.canonicalUrl} />
        <meta property="og:type" content="profile" />
        <meta property="og:title" content={p.displayName} />
        <meta property="og:description" content={description} />
        <meta property="og:url" content={p.canonicalUrl} />
        <meta property="og:site_name" content="MeLinks" />
        <meta name="twitter:card" content="summary" />
        <meta name="twitter:title" content={p.displayName} />
        <meta name="twitter:description" content={description} />
        {p.css.map((css) => (
          <style dangerouslySetInnerHTML={{ __html: css }} />
        ))}
      </head>
      <body>
        <main>
          <header>
            <div class="avatar" aria-hidden="true">{initial}</div>
            <h1>{p.displayName}</h1>
            {p.bio ? <p class="bio">{p.bio}</p> : null}
          </header>
          <nav aria-label={`Links from ${p.displayName}`}>
            {p.links.length ? (
              <ul>
                {p.links.map((l) => (
                  <li>
                    <a class="btn" href={`/${p.slug}/go/${encodeURIComponent(l.id)}`} rel="me noopener">
                      {l.title}
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="empty">No links yet.</p>
            )}
          </nav>
        </main>
        <footer>
          <a href="/privacy">Privacy</a> · No tracking, no cookies · MeLinks
        </footer>
      </body>
    </html>
  );
}
