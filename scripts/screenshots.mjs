#!/usr/bin/env node
// `npm run screenshots [-- --scale 1]`: start a throwaway `wrangler dev`, create one demo page per theme
// preset (profile photo, social icons, link icons, headers and a featured link included), and save a 390×844 phone and
// a 1280×900 desktop screenshot of each to docs/screenshots/<preset>-390.png / -1280.png, plus a README
// listing them. Needs Debian's Chromium (`apt-get install -y chromium`); never `playwright install`.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { photoPng } from "./demo-photo.mjs";
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, REPO_ROOT, startDevServer } from "./dev-server.mjs";

const OUT_DIR = join(REPO_ROOT, "docs", "screenshots");
const VIEWPORTS = [
  { width: 390, height: 844, mobile: true },
  { width: 1280, height: 900, mobile: false },
];
const scaleArg = process.argv.indexOf("--scale");
const SCALE = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 2;

/** One realistic page per preset; a few presets change button style and font to show the options. */
const DEMOS = [
  {
    preset: "classic",
    displayName: "Maya Okafor",
    bio: "Product designer in Lisbon. I write about accessible interfaces, type and slow ceramics.",
    links: [
      ["Portfolio", "https://example.com/maya/work"],
      ["Newsletter: Small Details", "https://example.com/maya/newsletter"],
      ["Book a 30-minute portfolio review", "https://example.com/maya/book"],
      ["Mastodon", "https://example.social/@maya"],
      ["Email me", "mailto:maya@example.com"],
    ],
  },
  { preset: "aurora", buttonStyle: "soft-shadow", displayName: "Noor Haddad", bio: "Astrophotographer. Dark skies, long nights, small telescopes.", links: [["Print shop", "https://example.com/noor/prints"], ["#Night skies", ""], ["Timelapses", "https://www.youtube.com/@noor"], ["Gear list", "https://example.com/noor/gear"]] },
  { preset: "peach", buttonStyle: "pill", font: "rounded", displayName: "Bao's Kitchen", bio: "Weeknight recipes in 30 minutes or less.", links: [["Cookbook pre-order", "https://example.com/bao/book"], ["#Watch", ""], ["Cooking videos", "https://www.tiktok.com/@bao"], ["Support me", "https://www.patreon.com/bao"]] },
  { preset: "lagoon", buttonStyle: "outline-pill", displayName: "Sea Swim Club", bio: "Cold-water swims every Sunday at 8. Bring a friend.", links: [["This week's swim", "https://example.com/swim/next"], ["Group chat", "https://t.me/seaswim"], ["Safety notes", "https://example.com/swim/safety"]] },
  { preset: "dusk", buttonStyle: "shadow", font: "mono", displayName: "VELVET TAPE", bio: "Synthwave duo. New single out Friday.", links: [["Pre-save the single", "https://open.spotify.com/album/1"], ["#Live", ""], ["Tour dates", "https://example.com/velvet/tour"], ["Twitch streams", "https://www.twitch.tv/velvettape"]] },
  { preset: "blossom", buttonStyle: "rounded", font: "serif", displayName: "Iris Lindqvist", bio: "Florist and garden writer in Uppsala.", links: [["Order a bouquet", "https://example.com/iris/order"], ["Garden letters", "https://iris.substack.com/"], ["Pinterest boards", "https://www.pinterest.com/iris"]] },
  { preset: "slate", buttonStyle: "square", font: "humanist", displayName: "Omar Reyes", bio: "Backend engineer. Writing about databases and queues.", links: [["Blog", "https://example.com/omar/blog"], ["Open source", "https://github.com/omar"], ["Talks", "https://www.youtube.com/@omar"]] },
  { preset: "meadow", buttonStyle: "soft-shadow", displayName: "Green Acre Farm", bio: "Veg boxes from our field to your door, Thursdays.", links: [["Order this week's box", "https://example.com/farm/box"], ["What's in season", "https://example.com/farm/season"], ["Call the farm", "tel:+441234567890"]] },
  {
    preset: "midnight",
    buttonStyle: "pill",
    font: "mono",
    displayName: "Devon Reyes",
    bio: "Open-source maintainer · Rust & WebAssembly · live coding on Thursdays.",
    links: [
      ["GitHub", "https://example.com/devon/code"],
      ["Talks & slides", "https://example.com/devon/talks"],
      ["Live stream schedule", "https://example.com/devon/live"],
      ["Sponsor my work", "https://example.com/devon/sponsor"],
    ],
  },
  {
    preset: "sunset",
    buttonStyle: "pill",
    font: "rounded",
    displayName: "Lucía's Sourdough",
    bio: "Small-batch bread from a tiny oven in Valencia.\nPre-orders open Monday, pick-up Saturday.",
    links: [
      ["Pre-order this week's loaves", "https://example.com/lucia/order"],
      ["Saturday baking classes", "https://example.com/lucia/classes"],
      ["My starter recipe (free)", "https://example.com/lucia/starter"],
      ["Find the shop", "https://example.com/lucia/map"],
      ["Call the bakery", "tel:+34960000000"],
    ],
  },
  {
    preset: "forest",
    buttonStyle: "outline",
    font: "humanist",
    displayName: "Trailhead Collective",
    bio: "Free weekend hikes for beginners around the Peak District. All paces welcome.",
    links: [
      ["Upcoming hikes", "https://example.com/trailhead/hikes"],
      ["What to bring", "https://example.com/trailhead/kit"],
      ["Join the group chat", "https://example.com/trailhead/chat"],
      ["Trail maps (GPX)", "https://example.com/trailhead/maps"],
    ],
  },
  {
    preset: "ocean",
    displayName: "Kai Nakamura",
    bio: "Marine biologist & underwater photographer. Currently counting reef fish in Okinawa.",
    links: [
      ["Photo prints", "https://example.com/kai/prints"],
      ["Reef survey field notes", "https://example.com/kai/notes"],
      ["Research papers", "https://example.com/kai/papers"],
      ["Workshops: shooting underwater", "https://example.com/kai/workshops"],
      ["Say hello", "mailto:kai@example.com"],
    ],
  },
  {
    preset: "paper",
    buttonStyle: "square",
    font: "serif",
    displayName: "Harriet Vale",
    bio: "Novelist. My third book, The Salt Road, is out in March. Slow letters, once a month.",
    links: [
      ["The Salt Road — pre-order", "https://example.com/harriet/salt-road"],
      ["Monthly letters", "https://example.com/harriet/letters"],
      ["Events & readings", "https://example.com/harriet/events"],
      ["Rights & press enquiries", "mailto:agent@example.com"],
    ],
  },
  {
    preset: "mono",
    buttonStyle: "outline",
    font: "mono",
    displayName: "NOISE/SIGNAL",
    bio: "Two-piece synth band from Berlin. New EP “Carrier Wave” out now.",
    links: [
      ["Listen to Carrier Wave", "https://example.com/noisesignal/listen"],
      ["Tour dates", "https://example.com/noisesignal/tour"],
      ["Merch", "https://example.com/noisesignal/merch"],
      ["Booking", "mailto:booking@example.com"],
    ],
  },
];

/** Social icons every demo shows, named after its person (docs/pages.md#social-icons). */
const socialsFor = (name) => {
  const handle = name.toLowerCase().replace(/[^a-z]/g, "").slice(0, 12);
  return ["https://www.instagram.com/", "https://social.example/@", "https://github.com/", "https://www.youtube.com/@"].map((p) => ({ url: p + handle })).concat({ url: `mailto:${handle}@example.com` });
};

const themeOf = (demo) => ({ preset: demo.preset, ...(demo.buttonStyle ? { buttonStyle: demo.buttonStyle } : {}), ...(demo.font ? { font: demo.font } : {}) });

async function createPage(baseUrl, demo) {
  const theme = themeOf(demo);
  const res = await fetch(`${baseUrl}/api/v1/pages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      slug: `demo-${demo.preset}`,
      displayName: demo.displayName,
      bio: demo.bio,
      theme,
      // "#Title" rows are headers; the first link of each demo is featured.
      links: demo.links.map(([title, url], i) => (title.startsWith("#") ? { type: "header", title: title.slice(1) } : { title, url, ...(i === 0 ? { featured: true } : {}) })),
      socials: socialsFor(demo.displayName),
    }),
  });
  if (res.status !== 201) throw new Error(`creating demo-${demo.preset}: ${res.status} ${await res.text()}`);
  const { claimToken } = await res.json();
  // Every demo has a profile photo, uploaded as a creator would (the server re-encodes it).
  const photo = await fetch(`${baseUrl}/api/v1/pages/demo-${demo.preset}/avatar`, {
    method: "PUT",
    headers: { "content-type": "image/png", authorization: `Bearer ${claimToken}` },
    body: photoPng(512, demo.preset.length * 13 + demo.displayName.length),
  });
  if (photo.status !== 200) throw new Error(`photo for demo-${demo.preset}: ${photo.status} ${await photo.text()}`);
  return { slug: `demo-${demo.preset}`, theme };
}

function readme(rows) {
  const lines = [
    "# Theme screenshots",
    "",
    "One demo page per theme preset (profile photo, social icons, link icons, headers, a featured link), as a visitor sees it",
    `on a 390×844 phone and a 1280×900 desktop (device scale ${SCALE}). Regenerate with \`npm run screenshots\``,
    "(needs `apt-get install -y chromium`).",
    "",
    "| Preset | Button style | Font | Phone | Desktop |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| \`${r.theme.preset}\` | ${r.theme.buttonStyle ?? "rounded (default)"} | ${r.theme.font ?? "system (default)"} | [![${r.theme.preset} phone](${r.theme.preset}-390.png)](${r.theme.preset}-390.png) | [${r.theme.preset}-1280.png](${r.theme.preset}-1280.png) |`,
    ),
    "",
  ];
  return lines.join("\n");
}

async function main() {
  if (!chromiumAvailable()) {
    console.error(`${CHROMIUM_PATH} not found: install it with \`apt-get update && apt-get install -y chromium\`.`);
    process.exit(1);
  }
  await mkdir(OUT_DIR, { recursive: true });
  console.log("Starting wrangler dev …");
  const server = await startDevServer();
  let browser;
  try {
    console.log(`Server at ${server.url}`);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    const rows = [];
    for (const demo of DEMOS) rows.push({ slug: (await createPage(server.url, demo)).slug, theme: themeOf(demo) });
    for (const vp of VIEWPORTS) {
      const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, deviceScaleFactor: vp.mobile ? SCALE : 1, isMobile: vp.mobile, hasTouch: vp.mobile });
      const page = await context.newPage();
      for (const row of rows) {
        const res = await page.goto(`${server.url}/${row.slug}`, { waitUntil: "load" });
        if (res?.status() !== 200) throw new Error(`GET /${row.slug} answered ${res?.status()}`);
        await page.evaluate(() => document.fonts.ready);
        const name = `${row.theme.preset}-${vp.width}.png`;
        await page.screenshot({ path: join(OUT_DIR, name) });
        console.log(`  docs/screenshots/${name}`);
      }
      await context.close();
    }
    await writeFile(join(OUT_DIR, "README.md"), readme(rows));
    console.log("  docs/screenshots/README.md");
  } finally {
    await browser?.close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
