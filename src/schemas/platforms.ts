// Which platform a URL belongs to, for social icons and link icons (docs/pages.md#social-icons).
// Pure data and matching, no I/O: the schemas derive a social's platform with it, the renderer picks icons.

export const PLATFORM_IDS = [
  "instagram", "tiktok", "youtube", "x", "bluesky", "mastodon", "fediverse", "threads", "facebook",
  "linkedin", "github", "twitch", "spotify", "soundcloud", "applemusic", "discord", "patreon", "substack",
  "pinterest", "snapchat", "whatsapp", "telegram", "reddit", "medium", "kofi", "email", "phone",
] as const;
export type PlatformId = (typeof PLATFORM_IDS)[number];

/** The name people know a platform by: the accessible name of its icon link. */
export const PLATFORM_NAMES: Record<PlatformId, string> = {
  instagram: "Instagram", tiktok: "TikTok", youtube: "YouTube", x: "X (Twitter)", bluesky: "Bluesky",
  mastodon: "Mastodon", fediverse: "Fediverse", threads: "Threads", facebook: "Facebook", linkedin: "LinkedIn",
  github: "GitHub", twitch: "Twitch", spotify: "Spotify", soundcloud: "SoundCloud", applemusic: "Apple Music",
  discord: "Discord", patreon: "Patreon", substack: "Substack", pinterest: "Pinterest", snapchat: "Snapchat",
  whatsapp: "WhatsApp", telegram: "Telegram", reddit: "Reddit", medium: "Medium", kofi: "Ko-fi",
  email: "Email", phone: "Phone",
};

/**
 * Registrable domains per platform. A URL matches when its host is one of these or a subdomain of one
 * (`www.`, `m.`, `open.` …), never when the name merely contains it (`instagram.com.evil.example`,
 * `myinstagram.com`): that is what makes a look-alike fail.
 */
const DOMAINS: [PlatformId, string[]][] = [
  ["instagram", ["instagram.com", "instagr.am"]],
  ["tiktok", ["tiktok.com"]],
  ["youtube", ["youtube.com", "youtu.be"]],
  ["x", ["x.com", "twitter.com"]],
  ["bluesky", ["bsky.app"]],
  // Mastodon's largest servers by name; any other server's profile is recognised by its path below.
  ["mastodon", ["mastodon.social", "mastodon.online", "mstdn.social", "mas.to", "fosstodon.org", "hachyderm.io", "infosec.exchange", "mastodon.world", "techhub.social", "mastodon.art"]],
  ["threads", ["threads.net", "threads.com"]],
  ["facebook", ["facebook.com", "fb.com", "fb.me"]],
  ["linkedin", ["linkedin.com", "lnkd.in"]],
  ["github", ["github.com"]],
  ["twitch", ["twitch.tv"]],
  ["spotify", ["spotify.com", "spotify.link"]],
  ["soundcloud", ["soundcloud.com"]],
  ["applemusic", ["music.apple.com"]],
  ["discord", ["discord.gg", "discord.com", "discordapp.com"]],
  ["patreon", ["patreon.com"]],
  ["substack", ["substack.com"]],
  ["pinterest", ["pinterest.com", "pin.it"]],
  ["snapchat", ["snapchat.com"]],
  ["whatsapp", ["wa.me", "whatsapp.com"]],
  ["telegram", ["t.me", "telegram.me"]],
  ["reddit", ["reddit.com", "redd.it"]],
  ["medium", ["medium.com"]],
  ["kofi", ["ko-fi.com"]],
];

const BY_DOMAIN = new Map<string, PlatformId>(DOMAINS.flatMap(([id, ds]) => ds.map((d) => [d, id] as const)));

/**
 * A fediverse profile anywhere: `https://host/@user` (Mastodon, Pixelfed, Misskey, GoToSocial…),
 * optionally `/@user@other.host`, and nothing after it. Checked only after the named platforms, whose
 * own `/@handle` paths (TikTok, YouTube, Threads, Medium) match there first.
 */
const FEDIVERSE_PATH = /^\/@[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}(?:@[A-Za-z0-9.-]{1,253})?\/?$/;

/** The platform a URL belongs to, or null. Expects a URL that passed the link URL rules. */
export function platformOf(href: string): PlatformId | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol === "mailto:") return "email";
  if (url.protocol === "tel:") return "phone";
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const labels = host.split(".");
  // Longest suffix first, so music.apple.com is Apple Music and not (some future) apple.com.
  for (let i = 0; i < labels.length - 1; i++) {
    const id = BY_DOMAIN.get(labels.slice(i).join("."));
    if (id) return id;
  }
  return FEDIVERSE_PATH.test(url.pathname) ? "fediverse" : null;
}
