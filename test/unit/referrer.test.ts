import { describe, expect, it } from "vitest";
import { carriedDomain, countryFrom, newReferrerKey, referrerDomain, referrerSignature, verifiedReferrer, withReferrer } from "../../src/lib/referrer";

const HOUR = 3_600_000;

describe("referrer domains (pro analytics)", () => {
  it.each([
    ["https://news.ycombinator.com/item?id=1", "news.ycombinator.com"],
    ["http://Example.COM:8080/path", "example.com"],
    ["https://t.co/abc", "t.co"],
  ])("keeps only the domain of %s", (ref, domain) => {
    expect(referrerDomain(ref, "melinks.example")).toBe(domain);
  });

  it.each([undefined, "", "not a url", "https://melinks.example/ada", "https://192.168.1.1/", "https://[::1]/", "android-app://com.x/", "file:///x"])(
    "treats %j as direct",
    (ref) => {
      expect(referrerDomain(ref, "melinks.example")).toBeNull();
    },
  );

  it("accepts only host names in the carried parameter", () => {
    expect(carriedDomain("News.Example.com")).toBe("news.example.com");
    for (const bad of ["", "javascript:alert(1)", "a b.com", "evil.com/x", "127.0.0.1", "x".repeat(300) + ".com", "-a.com", "a.com\"><b>"]) {
      expect(carriedDomain(bad), bad).toBeNull();
    }
  });

  it("appends the signed domain to every link of the page and nothing else", () => {
    const html = `<a href="/ada/go/ln_1">x</a><a href="/privacy">p</a><a href="/ada/go/ln_2">y</a>`;
    expect(withReferrer(html, "ada", "t.co", "SIG")).toBe(`<a href="/ada/go/ln_1?r=t.co&amp;s=SIG">x</a><a href="/privacy">p</a><a href="/ada/go/ln_2?r=t.co&amp;s=SIG">y</a>`);
  });

  it("honours a signature only from the page's own key, for that domain, within 2 hours", () => {
    const key = newReferrerKey();
    const at = Date.UTC(2026, 11, 4, 10, 30);
    const sig = referrerSignature(key, "t.co", at);
    expect(sig).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(verifiedReferrer(key, "t.co", sig, at)).toBe("t.co");
    expect(verifiedReferrer(key, "t.co", sig, at + HOUR)).toBe("t.co"); // the next hour still
    expect(verifiedReferrer(key, "t.co", sig, at + 2 * HOUR)).toBeNull(); // stale
    expect(verifiedReferrer(key, "t.co", sig, at - HOUR)).toBeNull(); // from the future
    expect(verifiedReferrer(key, "evil.example", sig, at)).toBeNull(); // another domain
    expect(verifiedReferrer(newReferrerKey(), "t.co", sig, at)).toBeNull(); // another page's key
    for (const bad of [undefined, "", "x", sig.slice(1), `${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`]) {
      expect(verifiedReferrer(key, "t.co", bad, at), String(bad)).toBeNull();
    }
  });

  it("reads the country only from a well-formed CF-IPCountry; unknown, Tor and missing are one value", () => {
    expect(countryFrom("DE")).toBe("DE");
    for (const unknown of [undefined, "", "de", "DEU", "1.2.3.4", "T1", "XX"]) expect(countryFrom(unknown)).toBe("XX");
  });
});
