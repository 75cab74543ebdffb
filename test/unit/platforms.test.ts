import { describe, expect, it } from "vitest";
import { ICON_PATHS } from "../../src/link-page/icon-paths";
import { PLATFORM_IDS, PLATFORM_NAMES, platformOf, type PlatformId } from "../../src/schemas/platforms";

/** Real profile addresses, as people paste them, for every platform we recognise. */
const EXAMPLES: Record<PlatformId, string[]> = {
  instagram: ["https://www.instagram.com/ada/", "https://instagram.com/ada", "https://instagr.am/ada"],
  tiktok: ["https://www.tiktok.com/@ada", "https://vm.tiktok.com/ZMabc/"],
  youtube: ["https://www.youtube.com/@ada", "https://youtu.be/dQw4w9WgXcQ", "https://m.youtube.com/c/ada"],
  x: ["https://x.com/ada", "https://twitter.com/ada", "https://mobile.twitter.com/ada"],
  bluesky: ["https://bsky.app/profile/ada.bsky.social"],
  mastodon: ["https://mastodon.social/@ada", "https://fosstodon.org/@ada", "https://hachyderm.io/@ada"],
  fediverse: ["https://social.example/@ada", "https://pixelfed.example/@ada@other.example", "https://gts.example.org/@ada_l/"],
  threads: ["https://www.threads.net/@ada", "https://threads.com/@ada"],
  facebook: ["https://www.facebook.com/ada", "https://m.facebook.com/ada", "https://fb.me/ada"],
  linkedin: ["https://www.linkedin.com/in/ada", "https://lnkd.in/abc"],
  github: ["https://github.com/ada"],
  twitch: ["https://www.twitch.tv/ada"],
  spotify: ["https://open.spotify.com/artist/0abc", "https://spotify.link/abc"],
  soundcloud: ["https://soundcloud.com/ada", "https://on.soundcloud.com/abc"],
  applemusic: ["https://music.apple.com/gb/artist/ada/123"],
  discord: ["https://discord.gg/abc", "https://discord.com/invite/abc"],
  patreon: ["https://www.patreon.com/ada"],
  substack: ["https://ada.substack.com/", "https://substack.com/@ada"],
  pinterest: ["https://www.pinterest.com/ada/", "https://uk.pinterest.com/ada/", "https://pin.it/abc"],
  snapchat: ["https://www.snapchat.com/add/ada"],
  whatsapp: ["https://wa.me/441234567890", "https://chat.whatsapp.com/abc"],
  telegram: ["https://t.me/ada", "https://telegram.me/ada"],
  reddit: ["https://www.reddit.com/user/ada", "https://old.reddit.com/r/ada"],
  medium: ["https://medium.com/@ada", "https://ada.medium.com/"],
  kofi: ["https://ko-fi.com/ada"],
  email: ["mailto:ada@example.com"],
  phone: ["tel:+441234567890"],
  sms: ["sms:+441234567890"],
};

describe("platformOf", () => {
  it("recognises at least 20 platforms, each with a name and an icon", () => {
    expect(PLATFORM_IDS.length).toBeGreaterThanOrEqual(20);
    for (const id of PLATFORM_IDS) {
      expect(PLATFORM_NAMES[id], id).toBeTruthy();
      expect(ICON_PATHS[id].path, id).toMatch(/^M/);
      expect(EXAMPLES[id]?.length, id).toBeGreaterThan(0);
    }
  });

  it.each(PLATFORM_IDS.flatMap((id) => EXAMPLES[id].map((url) => [id, url] as const)))("%s: %s", (id, url) => {
    expect(platformOf(url)).toBe(id);
  });

  it.each([
    "https://instagram.com.evil.example/ada", // the brand as a subdomain of someone else's site
    "https://myinstagram.com/ada",
    "https://instagram-login.com/ada",
    "https://github.co/ada",
    "https://githubusercontent.example/ada",
    "https://notx.com/ada",
    "https://x.co/ada",
    "https://t.me.evil.example/ada",
    "https://wa.me.example/123",
    "https://apple.com/music", // apple.com is not Apple Music
    "https://music.apple.com.evil.example/x",
    "https://example.com/",
    "https://example.com/@ada/posts/1", // not a bare profile path
    "https://example.com/users/@ada",
    "ftp://github.com/ada",
    "not a url",
  ])("does not match the look-alike %s", (url) => {
    expect(platformOf(url)).toBeNull();
  });
});
