/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { isValidSlug, lookalike, reservedReason, ROUTE_SLUGS, SlugSchema } from "../../src/schemas/slug";

describe("SlugSchema", () => {
  it.each([
    ["ada", "ada"],
    ["Ada-Lovelace", "ada-lovelace"],
    ["0day", "0day"],
    ["a_b", "a_b"],
    ["a".repeat(32), "a".repeat(32)],
    ["authentic-bakery", "authentic-bakery"],
    ["helper", "helper"],
    ["links", "links"],
  ])("accepts %j as %j", (raw, slug) => {
    expect(SlugSchema.parse(raw)).toBe(slug);
  });

  it.each(["ab", "a".repeat(33), "-abc", "_abc", "ab c", "ab.c", "../admin", "%2e%2e%2f", "ａｄｍｉｎ", "adm\u200bin", "éclair", ""])(
    "refuses %j",
    (raw) => {
      expect(SlugSchema.safeParse(raw).success).toBe(false);
    },
  );

  it("refuses every name the product contract lists, in any case", () => {
    const required = "api auth dashboard dev admin privacy terms static assets login logout signup settings healthz www favicon.ico robots.txt".split(" ");
    for (const name of required) {
      expect(reservedReason(name), name).not.toBeNull();
      expect(SlugSchema.safeParse(name.toUpperCase()).success, name).toBe(false);
    }
  });
});

describe("addresses that could pass for us are reserved", () => {
  it.each([
    "signin", "sign-in", "sign_in", "s1gn-in", "log-in", "log_in", "l0gin", "1ogin", "logon", "sign-up", "signout",
    "auth-callback", "auth_login", "oauth", "oauth2", "sso", "verify", "account", "accounts", "my-account",
    "password", "reset-password", "forgot_password", "reset", "billing", "b1lling", "support", "supp0rt", "help",
    "security", "admin", "4dmin", "adm1n", "administrator", "webmaster", "no-reply",
  ])("%s looks like a sign-in, account or support page", (slug) => {
    expect(reservedReason(slug)).toBe("sign_in");
    expect(SlugSchema.safeParse(slug).error?.issues[0]?.message).toMatch(/^is reserved: it could pass for a sign-in/);
  });

  it.each([
    "signin-verify", "verify-account", "paypal-login", "bank-log-in", "secure-signin", "my-account-help", "account_verify",
    "support-team", "apple-support", "supp0rt-desk", "verifyaccount", "secureloginpage", "login-now", "auth-x", "x-oauth",
    "password-reset", "reset-your-password", "no_reply-billing", "admin-page", "helpdesk-center", "log1n-here", "2fa-code",
  ])("%s has a sign-in, account, verify or support word in it", (slug) => {
    expect(reservedReason(slug)).toBe("sign_in");
    expect(SlugSchema.safeParse(slug).success).toBe(false);
  });

  it.each([
    "accountant", "accounting-tips", "supporter", "supportive-coach", "author", "authentic-bakery", "book-signing",
    "signing-artist", "helper", "help-the-bees", "jam-session", "reset-yoga", "addiction-recovery", "jane-mfa",
    "official-band", "new-york-pizza", "my-blog", "loginov", "verified-lens", "administrative", "tokenomics", "passport",
  ])("%s only shares letters with a sign-in word: it stays free", (slug) => {
    expect(reservedReason(slug)).toBeNull();
  });

  it.each([
    "melinks", "me-links", "me_links", "m3links", "meiinks", "me1inks", "mel1nks", "rnelinks", "m-e-l-i-n-k-s", "melink",
    "melinks-support", "official-melinks", "melinks_help", "MeLinks", "m3l1nk5", "mel-inks-team",
  ])("%s spells the product's name", (slug) => {
    expect(reservedReason(slug.toLowerCase())).toBe("product_name");
    expect(SlugSchema.safeParse(slug).success).toBe(false);
  });

  it.each(["homelinks", "animelinks", "some-links", "me-and-links", "lime-links"])("%s only contains the letters: it stays free", (slug) => {
    expect(reservedReason(slug)).toBeNull();
  });

  it("compares look-alike skeletons: separators dropped, digits and confusable pairs read as letters", () => {
    expect(lookalike("M3-L1nk_5")).toBe(lookalike("melinks"));
    expect(lookalike("rnelinks")).toBe(lookalike("melinks"));
    expect(lookalike("ada")).toBe("ada");
  });

  it("cdn-cgi, which Cloudflare answers itself, is reserved", () => {
    expect(reservedReason("cdn-cgi")).toBe("route");
    expect(isValidSlug("cdn-cgi")).toBe(false);
  });

  it("a page named before a look-alike was reserved stays reachable; route names never are", () => {
    expect(isValidSlug("support")).toBe(true);
    expect(isValidSlug("dashboard")).toBe(false);
  });
});

describe("every first path segment the Worker answers is reserved", () => {
  // Vite lists the static files at build time (nothing is loaded): Workers static assets answer
  // these paths before the Worker runs, so a page there could never be seen.
  const staticFiles = Object.keys(import.meta.glob("../../public/**/*"));

  const firstSegments = new Set([
    ...app.routes.map((r) => r.path.split("/")[1] ?? ""),
    ...staticFiles.map((f) => f.replace("../../public/", "").split("/")[0]!),
  ]);
  const fixed = [...firstSegments].filter((s) => s !== "" && s !== "*" && !s.startsWith(":") && s !== "_headers");

  it("finds the routes it checks (the walk itself works)", () => {
    expect(fixed).toEqual(expect.arrayContaining(["api", "dashboard", "dev", "login", "auth", "docs", "assets", "privacy"]));
  });

  it.each(fixed)("/%s is not a slug anyone can take", (segment) => {
    // Either reserved, or not even shaped like a slug (".well-known", "__bench").
    expect(SlugSchema.safeParse(segment).success).toBe(false);
    expect(isValidSlug(segment.toLowerCase())).toBe(false);
    if (/^[a-z0-9][a-z0-9_-]{2,31}$/.test(segment)) expect(ROUTE_SLUGS.has(segment), `add "${segment}" to ROUTE_SLUGS`).toBe(true);
  });
});
