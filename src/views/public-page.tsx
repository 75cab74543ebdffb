import { ICON_PATHS as ICONS } from "../link-page/icon-paths";
import { PLATFORM_NAMES, type PlatformId } from "../schemas/platforms";

export type SignupState = "form" | "subscribed" | "invalid" | "busy";

export interface SignupProps {
  heading?: string;
  buttonText?: string;
  /** Double opt-in on (undefined: on): the thank-you note asks the visitor to confirm from the mail. */
  confirm?: boolean;
  state: SignupState;
  /** The dashboard's preview: drawn the same, but it cannot submit (no action, controls disabled). */
  inert?: boolean;
}

/** A link or header as drawn: its icon already resolved from `icon: "auto"` (link-page/render.ts). */
export interface PageItem {
  id: string;
  type: "link" | "header";
  title: string;
  url: string;
  featured: boolean;
  icon: PlatformId | null;
}

export interface SocialItem {
  id: string;
  url: string;
  platform: PlatformId;
}

export interface PublicPageProps {
  slug: string;
  displayName: string;
  bio: string;
  links: PageItem[];
  socials: SocialItem[];
  socialsPosition: "top" | "bottom";
  canonicalUrl: string;
  noindex: boolean;
  css: string[];
  /** Pro pages with the form enabled only. */
  signup?: SignupProps;
  /** Exported copies point links straight at their URLs instead of /{slug}/go/{id}. */
  directLinks?: boolean;
  /** Prefix of our own addresses: "" on our origin, the origin in the export's standalone copy. */
  base: string;
  /** The profile photo, replacing the initial. */
  avatar?: { src: string; width: number; height: number };
  /** The share image (absolute): the photo, or the generated card (shown large). */
  ogImage: { url: string; width: number; height: number; large: boolean };
}

/** The public link page: no script, no external resource; every user string goes through JSX escaping. */
export function PublicPage(p: PublicPageProps) {
  const description = p.bio || `Links from ${p.displayName}`;
  const initial = Array.from(p.displayName)[0]?.toUpperCase() ?? "?";
  const href = (id: string, url: string) => (p.directLinks ? url : `/${p.slug}/go/${encodeURIComponent(id)}`);
  const used = new Set<PlatformId>([...p.socials.map((s) => s.platform), ...p.links.flatMap((l) => (l.icon ? [l.icon] : []))]);
  const socials = p.socials.length ? (
    <ul class="so" aria-label="Social profiles">
      {p.socials.map((s) => (
        <li>
          <a href={href(s.id, s.url)} rel="me" aria-label={PLATFORM_NAMES[s.platform]}>
            <Icon platform={s.platform} />
          </a>
        </li>
      ))}
    </ul>
  ) : null;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${p.displayName} | MeLinks`}</title>
        <meta name="description" content={description} />
        {p.noindex ? <meta name="robots" content="noindex" /> : null}
        <link rel="canonical" href={p.canonicalUrl} />
        {/* Identity checks (Mastodon's verified links) look for the profile's own address here, while the icons count clicks. */}
        {p.socials.map((s) => (
          <link rel="me" href={s.url} />
        ))}
        <meta property="og:type" content="profile" />
        <meta property="og:title" content={p.displayName} />
        <meta property="og:description" content={description} />
        <meta property="og:url" content={p.canonicalUrl} />
        <meta property="og:site_name" content="MeLinks" />
        <meta property="og:image" content={p.ogImage.url} />
        <meta property="og:image:width" content={String(p.ogImage.width)} />
        <meta property="og:image:height" content={String(p.ogImage.height)} />
        <meta property="og:image:alt" content={p.displayName} />
        {/* X reads title, description and image from the og: tags; only the card's size is its own. */}
        <meta name="twitter:card" content={p.ogImage.large ? "summary_large_image" : "summary"} />
        {p.css.map((css) => (
          <style dangerouslySetInnerHTML={{ __html: css }} />
        ))}
      </head>
      <body>
        {used.size ? <Sprite platforms={[...used]} /> : null}
        <main>
          <header>
            {p.avatar ? (
              <img class="avatar" src={p.avatar.src} width={p.avatar.width} height={p.avatar.height} alt="" />
            ) : (
              <div class="avatar" aria-hidden="true">{initial}</div>
            )}
            <h1 dir="auto">{p.displayName}</h1>
            {p.bio ? <p class="bio" dir="auto">{p.bio}</p> : null}
            {p.socialsPosition === "top" ? socials : null}
          </header>
          <nav aria-label={`Links from ${p.displayName}`}>
            {p.links.length ? (
              <ul>
                {p.links.map((l) => (
                  <li>
                    {l.type === "header" ? (
                      <h2 class="hd" dir="auto">{l.title}</h2>
                    ) : (
                      <a class={`btn${l.icon ? " ic" : ""}${l.featured ? " feat" : ""}`} href={href(l.id, l.url)} rel="me" dir="auto">
                        {l.icon ? <Icon platform={l.icon} /> : null}
                        {l.title}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="empty">No links yet.</p>
            )}
          </nav>
          {p.socialsPosition === "bottom" ? socials : null}
          {p.signup ? <Signup slug={p.slug} owner={p.displayName} base={p.base} {...p.signup} /> : null}
        </main>
        <footer>
          <a href={`${p.base}/privacy`}>Privacy</a> · No tracking, no cookies · MeLinks · <a href={`${p.base}/report/${p.slug}`} rel="nofollow">Report</a>
        </footer>
      </body>
    </html>
  );
}

/** The id of a platform's `<symbol>` (short: it is repeated at every use). */
const symbolId = (p: PlatformId) => `i-${p}`;

/**
 * Each icon the page uses, defined once as a <symbol> that links and socials draw with <use>: icons are
 * inline (no request, no script) and each costs its bytes once (docs/pages.md#page-weight).
 */
function Sprite(p: { platforms: PlatformId[] }) {
  return (
    <svg class="sprite" aria-hidden="true">
      {p.platforms.map((id) => (
        <symbol id={symbolId(id)} viewBox={ICONS[id].viewBox}>
          <path d={ICONS[id].path} />
        </symbol>
      ))}
    </svg>
  );
}

function Icon(p: { platform: PlatformId }) {
  return (
    <svg class="i" aria-hidden="true">
      <use href={`#${symbolId(p.platform)}`} />
    </svg>
  );
}

const SIGNUP_MESSAGES: Record<Exclude<SignupState, "form"> | "confirm", string> = {
  subscribed: "Thanks — you're on the list.",
  // Said whatever the address's state (new, waiting, already on the list): the page reveals nothing.
  confirm: "Almost done: check your inbox and confirm from the email we sent. Nothing is shared until you do.",
  invalid: "That doesn't look like an email address. Please check it and try again.",
  busy: "Too many signups right now. Please try again in a minute.",
};

/** The email signup form: plain HTML, works without JavaScript, says who gets the address. */
function Signup(p: SignupProps & { slug: string; owner: string; base: string }) {
  if (p.state === "subscribed") {
    return (
      <section class="signup" id="signup" aria-label="Email signup">
        <p role="status">{SIGNUP_MESSAGES[p.confirm === false ? "subscribed" : "confirm"]}</p>
      </section>
    );
  }
  return (
    <section class="signup" id="signup" aria-labelledby="signup-h">
      <h2 id="signup-h" dir="auto">{p.heading || `Get updates from ${p.owner}`}</h2>
      {p.state === "invalid" || p.state === "busy" ? <p role="alert" class="signup-error">{SIGNUP_MESSAGES[p.state]}</p> : null}
      <form method={p.inert ? undefined : "post"} action={p.inert ? undefined : `${p.base}/${p.slug}/subscribe`}>
        <label for="signup-email">Email address</label>
        <div class="signup-row">
          <input id="signup-email" name="email" type="email" required autocomplete="email" maxlength={254} disabled={p.inert} />
          <button type={p.inert ? "button" : "submit"} disabled={p.inert} dir="auto">{p.buttonText || "Subscribe"}</button>
        </div>
        <div class="hp" aria-hidden="true">
          <label for="signup-website">Leave this field empty</label>
          <input id="signup-website" name="website" tabindex={-1} autocomplete="off" />
        </div>
        <p class="signup-note">Your address is shared with {p.owner} only and used for nothing else.</p>
      </form>
    </section>
  );
}
