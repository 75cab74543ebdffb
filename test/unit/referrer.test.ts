import { describe, expect, it } from "vitest";
import { carriedDomain, countryFrom, referrerDomain, withReferrer } from "../../src/lib/referrer";

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

  it("appends the domain to every link of the page and nothing else", () => {
    const html = `<a href="/ada/go/ln_1">x</a><a href="/privacy">p</a><a href="/ada/go/ln_2">y</a>`;
    expect(withReferrer(html, "ada", "t.co")).toBe(`<a href="/ada/go/ln_1?r=t.co">x</a><a href="/privacy">p</a><a href="/ada/go/ln_2?r=t.co">y</a>`);
  });

  it("reads the country only from a well-formed CF-IPCountry", () => {
    expect(countryFrom("DE")).toBe("DE");
    expect(countryFrom("T1")).toBe("T1");
    for (const bad of [undefined, "", "de", "DEU", "1.2.3.4"]) expect(countryFrom(bad)).toBe("XX");
  });
});
