import { describe, expect, it } from "vitest";
import { deceptiveCharacter } from "../../src/schemas/text";
import { call, json } from "../helpers/api";
import { createPage, uniqueSlug } from "../helpers/create-page";
import { postForm } from "../helpers/dashboard";
import { expectProblem } from "../helpers/problem";
import { signIn } from "../helpers/sign-in";

// Every character here hides or reorders what a reader sees (docs/text-rules.md).
const DECEPTIVE: [string, string][] = [
  ["zero-width space", "\u200B"],
  ["zero-width non-joiner in Latin", "\u200C"],
  ["zero-width joiner in Latin", "\u200D"],
  ["word joiner", "\u2060"],
  ["byte-order mark inside", "\uFEFF"],
  ["right-to-left override", "\u202E"],
  ["left-to-right embedding", "\u202A"],
  ["pop directional formatting", "\u202C"],
  ["first-strong isolate", "\u2068"],
  ["pop directional isolate", "\u2069"],
  ["Arabic letter mark", "\u061C"],
  ["left-to-right mark", "\u200E"],
  ["right-to-left mark", "\u200F"],
  ["soft hyphen", "\u00AD"],
  ["Mongolian vowel separator", "\u180E"],
  ["Hangul filler", "\u3164"],
  ["Hangul choseong filler", "\u115F"],
  ["combining grapheme joiner", "\u034F"],
  ["tag character", "\u{E0041}"],
  ["C1 control", "\u0085"],
  ["line separator", "\u2028"],
  ["bell", "\u0007"],
  ["run of variation selectors", "a\uFE00\uFE01\uFE02"],
];

const WELCOME: [string, string][] = [
  ["Arabic", "مرحبا بالعالم"],
  ["Hebrew with Latin", "שלום Ada"],
  ["Persian with ZWNJ", "می‌خواهم"],
  ["Malayalam with ZWJ", "ന്‍"],
  ["emoji ZWJ sequence", "Ada 👩‍💻"],
  ["skin tone ZWJ sequence", "🧑🏽‍🚀 in orbit"],
  ["rainbow flag (VS16 + ZWJ)", "🏳️‍🌈"],
  ["heart with VS16", "I ❤️ links"],
  ["Scotland flag (tag sequence)", "🏴󠁧󠁢󠁳󠁣󠁴󠁿 Glasgow"],
  ["CJK ideographic variation", "葛\u{E0100}飾"],
  ["bio line breaks", "line one\nline two"],
];

describe("deceptiveCharacter", () => {
  it.each(DECEPTIVE)("finds a %s", (_name, ch) => {
    expect(deceptiveCharacter(`Pay${ch}Pal`)).not.toBeNull();
  });
  it.each(WELCOME)("welcomes %s", (_name, text) => {
    expect(deceptiveCharacter(text)).toBeNull();
  });
  it("names the character and where it is", () => {
    expect(deceptiveCharacter("ab\u202Ecd")).toEqual({ char: "U+202E", index: 2 });
  });
});

describe("the API refuses deceptive text with a 400 naming the field", () => {
  it.each(DECEPTIVE)("%s in displayName, bio or a link title", async (_name, ch) => {
    for (const [body, field] of [
      [{ displayName: `A${ch}da` }, "displayName"], // inside: trimming takes a trailing BOM or U+2028 away
      [{ bio: `Poet${ch} of science` }, "bio"],
      [{ links: [{ title: `Si${ch}te`, url: "https://example.com" }] }, "links.0.title"],
    ] as const) {
      const res = await call("POST", "/api/v1/pages", { body: { slug: uniqueSlug("txt"), displayName: "Ada", ...body } });
      const problem = await expectProblem(res, 400, field);
      expect(problem.errors.find((e: any) => e.field === field).message).toMatch(/invisible, control or direction-changing/);
    }
  });

  it("in signup texts and on PATCH", async () => {
    const { slug, token } = await createPage();
    for (const [body, field] of [
      [{ emailSignup: { enabled: true, heading: "Join\u202E" } }, "emailSignup.heading"],
      [{ emailSignup: { enabled: true, buttonText: "Go\u200B" } }, "emailSignup.buttonText"],
      [{ displayName: "\u2067Ada" }, "displayName"],
    ] as const) {
      await expectProblem(await call("PATCH", `/api/v1/pages/${slug}`, { token, body }), 400, field);
    }
  });

  it("in an API key's name", async () => {
    const s = await signIn();
    await expectProblem(await call("POST", "/api/v1/api-keys", { headers: s.headers, body: { name: "ci\u202Ekey" } }), 400, "name");
  });

  it.each(WELCOME)("and keeps %s exactly as typed", async (_name, text) => {
    const res = await call("POST", "/api/v1/pages", { body: { slug: uniqueSlug("rtl"), displayName: text.split("\n")[0], bio: text, links: [{ title: text.split("\n")[0], url: "https://example.com" }] } });
    expect(res.status, await res.clone().text()).toBe(201);
    const { page } = await json(res);
    expect(page.bio).toBe(text);
    const html = await (await call("GET", `/${page.slug}`)).text();
    expect(html).toMatch(/<h1 dir="auto">/);
    expect(html).toMatch(/<p class="bio" dir="auto">/);
  });
});

describe("the dashboard forms refuse the same, naming the field", () => {
  it("creating a page", async () => {
    const s = await signIn();
    const res = await postForm(s, "/dashboard/pages", { slug: uniqueSlug("dash"), displayName: "Ada\u202Eevil" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="f-displayName-err"[^>]*>[^<]*invisible, control or direction-changing/);
  });

  it("naming an API key", async () => {
    const s = await signIn();
    const res = await postForm(s, "/dashboard/account/api-keys", { name: "deploy\u200Bkey" });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/invisible, control or direction-changing/);
  });
});
