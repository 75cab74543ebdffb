import { describe, expect, it } from "vitest";
import { ICON_PATHS } from "../../src/link-page/icon-paths";
import { PLATFORM_IDS, PLATFORM_NAMES, platformOf } from "../../src/schemas/platforms";
import { EXAMPLES } from "../helpers/platform-examples";

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
