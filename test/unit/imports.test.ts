// Importers (src/imports/): each source's documented shape, from fixtures written for these tests.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { planImport } from "../../src/imports";
import { AppError } from "../../src/lib/errors";
import biodrop from "../fixtures/imports/biodrop-profile.json?raw";
import linkstack from "../fixtures/imports/linkstack-export.json?raw";
import linktreeJson from "../fixtures/imports/linktree-next-data.json?raw";
import linktreeHtml from "../fixtures/imports/linktree-page.html?raw";
import littlelink from "../fixtures/imports/littlelink-index.html?raw";

const reasons = (dropped: { where: string; reason: string }[]) => dropped.map((d) => `${d.where}: ${d.reason}`);
const unreadable = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    return err as AppError;
  }
  throw new Error("expected the import to be refused");
};

describe("Linktree", () => {
  it("reads the page's HTML and its __NEXT_DATA__ JSON alike", () => {
    const fromHtml = planImport("linktree", linktreeHtml, "ada");
    const fromJson = planImport("linktree", linktreeJson, "ada");
    expect(fromHtml).toEqual(fromJson);
    expect(fromJson.body).toMatchObject({
      slug: "ada",
      displayName: "Ada Lovelace",
      bio: "Poet of science &amp; first programmer", // JSON text stays text: shown escaped, never as HTML
      socials: [{ url: "https://instagram.com/ada" }, { url: "https://github.com/ada" }],
      links: [
        { type: "header", title: "My work" },
        { title: "Notes on the Analytical Engine", url: "https://example.com/notes", enabled: true },
        { title: "Lecture (this week only)", url: "https://example.com/lecture", startsAt: "2026-12-01T09:00:00.000Z", endsAt: "2026-12-08T09:00:00.000Z" },
        { title: "<b>My playlist</b>", url: "https://music.example.com/ada" },
      ],
    });
  });

  it("drops trackers, the email, counts, the photo, what pages cannot hold, and the javascript: link — saying where", () => {
    const { dropped } = planImport("linktree", linktreeJson, "ada");
    const all = reasons(dropped).join("\n");
    for (const field of ["googleAnalyticsId", "facebookPixelId", "tiktokPixelId"]) expect(all).toContain(`props.pageProps.account.${field}: tracking ids`);
    expect(all).toContain("props.pageProps.account.email: email addresses are not imported");
    expect(all).toContain("props.pageProps.account.links[5].clicks: click counts are not imported");
    expect(all).toContain("props.pageProps.account.profilePictureUrl: photo import comes with avatar support");
    expect(all).not.toMatch(/links\[0\]|socialLinks/); // the header and both socials are on the page
    expect(all).toMatch(/links\[3\]: refused as any create would refuse it: url scheme "javascript" is not allowed/);
    expect(all).toContain("props.pageProps.account.links[4]: a Linktree EMAIL_SIGNUP block without an address is not a link");
    expect(JSON.stringify(planImport("linktree", linktreeJson, "ada").body)).not.toMatch(/G-ABCDEF|ada@example|javascript:/);
  });

  it("HTML without the data script, or JSON without an account, is a 400 that says what is missing and where", () => {
    expect(unreadable(() => planImport("linktree", "<html><body><h1>hi</h1></body></html>", "ada")).message).toMatch(/__NEXT_DATA__.*not found/);
    expect(unreadable(() => planImport("linktree", '{"props":{"pageProps":{}}}', "ada")).message).toContain("props.pageProps.account");
    expect(unreadable(() => planImport("linktree", '{"props":{"pageProps":{"account":{"links":"nope"}}}}', "ada")).message).toContain(
      "props.pageProps.account.links",
    );
    expect(unreadable(() => planImport("linktree", "{oops", "ada")).message).toMatch(/not valid JSON/);
  });
});

describe("LinkStack", () => {
  it("reads the export: rich-text bio as text, links in order, a heading as a header, spacer and text blocks dropped", () => {
    const { body, dropped } = planImport("linkstack", linkstack, "grace");
    expect(body.displayName).toBe("Grace Hopper");
    expect(body.bio).toBe("Rear admiral, compiler pioneer.\n\nNanoseconds & bugs.");
    expect(body.links).toEqual([
      { type: "header", title: "Talks", enabled: true },
      { type: "link", title: "Nanosecond lecture", url: "https://example.org/nanosecond", enabled: true },
      { type: "link", title: "github.com", url: "https://github.com/grace", enabled: true },
      { type: "link", title: "Mail me", url: "mailto:grace@example.com", enabled: true },
    ]);
    const all = reasons(dropped).join("\n");
    expect(all).toContain("email: email addresses are not imported");
    expect(all).toContain("links[1].click_number: click counts are not imported");
    expect(all).toContain("links[2]: spacers are not imported");
    expect(all).toContain("links[3]: text blocks are not links");
    expect(all).toContain("image_data: photo import comes with avatar support");
    expect(JSON.stringify(body)).not.toMatch(/<|alert|iVBOR/);
  });
});

describe("BioDrop", () => {
  it("maps groups to headers, the first schedule window, disabled links, and drops the file: link", () => {
    const { body, dropped } = planImport("biodrop", biodrop, "katherine");
    expect(body).toMatchObject({ displayName: "Katherine Johnson", bio: "Orbital mechanics. Numbers you can trust." });
    expect(body.links).toEqual([
      { type: "header", title: "Projects", enabled: true },
      { type: "link", title: "Trajectory tables", url: "https://example.net/tables", enabled: true },
      { type: "link", title: "Launch window (one week)", url: "https://example.net/launch", enabled: true, startsAt: "2026-12-01T00:00:00.000Z", endsAt: "2026-12-08T00:00:00.000Z" },
      { type: "header", title: "Elsewhere", enabled: true },
      { type: "link", title: "Hidden draft", url: "https://example.net/draft", enabled: false },
    ]);
    expect(body.socials).toEqual([{ url: "https://github.com/katherine" }, { url: "https://mastodon.social/@katherine" }]);
    const all = reasons(dropped).join("\n");
    expect(all).toContain("links[1].schedule: a link has one schedule window");
    expect(all).toMatch(/links\[3\]: refused as any create would refuse it: url scheme "file"/);
    expect(all).toContain("milestones: milestones are not imported");
  });

  it("a social profile on a site MeLinks doesn't recognise is left out, saying why", () => {
    const doc = JSON.stringify({ name: "K", socials: [{ url: "https://unknown.example/katherine" }, { url: "https://github.com/k" }], links: [] });
    const { body, dropped } = planImport("biodrop", doc, "katherine");
    expect(body.socials).toEqual([{ url: "https://github.com/k" }]);
    expect(reasons(dropped).join("\n")).toContain("socials[0]: not a profile address MeLinks recognises as a social icon");
  });

  it("a schedule that is not a date is a 400 naming it", () => {
    const bad = JSON.stringify({ name: "K", links: [{ name: "x", url: "https://x.example", schedule: [{ startDate: "soon" }] }] });
    expect(unreadable(() => planImport("biodrop", bad, "katherine")).message).toContain("links[0].schedule[0].startDate");
  });
});

describe("LittleLink", () => {
  it("reads name, bio and a.button links from index.html as text; scripts and the photo are dropped", () => {
    const { body, dropped } = planImport("littlelink", littlelink, "dorothy");
    expect(body.displayName).toBe("Dorothy Vaughan");
    expect(body.bio).toBe("FORTRAN teacher & supervisor at West Area Computing.");
    expect(body.links.map((l) => [l.title, l.url])).toEqual([
      ["GitHub", "https://github.com/dorothy"],
      ["Learn FORTRAN", "https://example.com/fortran"],
      ["Email me", "mailto:dorothy@example.com"],
    ]);
    const all = reasons(dropped).join("\n");
    expect(all).toContain("<script>: tracking ids");
    expect(all).toContain("img.avatar: photo import comes with avatar support");
    expect(all).toMatch(/a.button #3: refused as any create would refuse it: url scheme "vbscript"/);
  });

  it("text that is not HTML is a 400", () => {
    expect(unreadable(() => planImport("littlelink", "just some words", "dorothy")).message).toContain("expected the HTML");
  });
});

describe("every source", () => {
  const many = (n: number) => JSON.stringify({ name: "Many", links: Array.from({ length: n }, (_, i) => ({ name: `L${i}`, url: `https://e.example/${i}` })) });

  it("keeps the first 100 links and says the rest were dropped", () => {
    const { body, dropped } = planImport("biodrop", many(130), "many");
    expect(body.links).toHaveLength(100);
    expect(body.links.at(-1)!.title).toBe("L99");
    expect(dropped).toContainEqual({ where: "links", what: "30 link(s) after the first 100", reason: "a page can have at most 100 links" });
  });

  it("a name or bio longer than a page allows is shortened and said so; a deceptive one is refused like a create", () => {
    const long = planImport("biodrop", JSON.stringify({ name: "N".repeat(80), bio: "b".repeat(400) }), "long");
    expect(long.body.displayName).toHaveLength(64);
    expect(long.body.bio).toHaveLength(280);
    expect(reasons(long.dropped)).toEqual(expect.arrayContaining(["displayName: shortened to 64 characters", "bio: shortened to 280 characters"]));
    expect(() => planImport("biodrop", JSON.stringify({ name: "admin\u202Egnp.exe" }), "evil")).toThrow(ZodError);
    expect(() => planImport("biodrop", JSON.stringify({ name: "" }), "nameless")).toThrow(ZodError);
    expect(() => planImport("biodrop", JSON.stringify({ name: "Ok" }), "Not A Slug!")).toThrow(ZodError);
  });

  it("wrong types deep in a document are a 400 naming the path, never a crash", () => {
    expect(unreadable(() => planImport("biodrop", '{"name":"K","links":[{"name":"x","url":{"href":"https://x"}}]}', "k")).message).toContain("links[0].url");
    expect(unreadable(() => planImport("linkstack", "[1,2]", "k")).message).toContain("LinkStack export");
    expect(unreadable(() => planImport("melinks", '{"page":{"links":[3]}}', "k")).message).toContain("page.links[0]");
  });
});
