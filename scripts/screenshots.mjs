#!/usr/bin/env node
// `npm run screenshots [-- --scale 1]`: start a throwaway `wrangler dev`, create one demo page per theme
// preset, and save a 390×844 phone screenshot of each to docs/screenshots/<preset>.png, plus a README
// listing them. Needs Debian's Chromium (`apt-get install -y chromium`); never `playwright install`.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable, REPO_ROOT, startDevServer } from "./dev-server.mjs";

const OUT_DIR = join(REPO_ROOT, "docs", "screenshots");
const VIEWPORT = { width: 390, height: 844 };
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

async function createPage(baseUrl, demo) {
  const theme = { preset: demo.preset, ...(demo.buttonStyle ? { buttonStyle: demo.buttonStyle } : {}), ...(demo.font ? { font: demo.font } : {}) };
  const res = await fetch(`${baseUrl}/api/v1/pages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      slug: `demo-${demo.preset}`,
      displayName: demo.displayName,
      bio: demo.bio,
      theme,
      links: demo.links.map(([title, url]) => ({ title, url })),
    }),
  });
  if (res.status !== 201) throw new Error(`creating demo-${demo.preset}: ${res.status} ${await res.text()}`);
  return { slug: `demo-${demo.preset}`, theme };
}

function readme(rows) {
  const lines = [
    "# Theme screenshots",
    "",
    "One demo page per theme preset, as a visitor sees it on a 390×844 phone",
    `(device scale ${SCALE}). Regenerate with \`npm run screenshots\` (needs \`apt-get install -y chromium\`).`,
    "",
    "| Preset | Button style | Font | Screenshot |",
    "| --- | --- | --- | --- |",
    ...rows.map(
      (r) => `| \`${r.theme.preset}\` | ${r.theme.buttonStyle ?? "rounded (default)"} | ${r.theme.font ?? "system (default)"} | [![${r.theme.preset}](${r.theme.preset}.png)](${r.theme.preset}.png) |`,
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
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: SCALE, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const rows = [];
    for (const demo of DEMOS) {
      const { slug, theme } = await createPage(server.url, demo);
      const res = await page.goto(`${server.url}/${slug}`, { waitUntil: "load" });
      if (res?.status() !== 200) throw new Error(`GET /${slug} answered ${res?.status()}`);
      await page.evaluate(() => document.fonts.ready);
      const file = join(OUT_DIR, `${demo.preset}.png`);
      await page.screenshot({ path: file });
      console.log(`  docs/screenshots/${demo.preset}.png`);
      rows.push({ theme });
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
