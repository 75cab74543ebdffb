import { describe, expect, it } from "vitest";
import { checkLinkUrl } from "../../src/schemas/link-url";

describe("checkLinkUrl", () => {
  it.each([
    ["https://example.com", "https://example.com/"],
    ["http://example.com/a?b=c#d", "http://example.com/a?b=c#d"],
    ["  https://example.com/x  ", "https://example.com/x"],
    ["mailto:ada@example.com", "mailto:ada@example.com"],
    ["tel:+441234567", "tel:+441234567"],
    ["HTTPS://EXAMPLE.COM", "https://example.com/"],
    ["https://bücher.example/", "https://xn--bcher-kva.example/"],
    // A bare domain name is what people type: it becomes an https address (the editor shows the change).
    ["www.example.com", "https://www.example.com/"],
    ["example.com", "https://example.com/"],
    ["shop.example.co.uk/sale?x=1", "https://shop.example.co.uk/sale?x=1"],
    ["example.com:8443/a", "https://example.com:8443/a"],
  ])("accepts %j", (raw, href) => {
    expect(checkLinkUrl(raw)).toEqual({ ok: true, href });
  });

  it.each([
    "javascript:alert(1)",
    "sms:+441234567?body=Hi", // the contract allows https, http, mailto and tel only
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "\u0001javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.com",
    "//evil.example",
    "\\\\evil.example",
    "/relative/path",
    "ada@example.com", // not a domain: never turned into https://ada@example.com
    "javascript.example:alert(1)",
    "localhost:3000",
    "https://user:pass@evil.example",
    "https://melinks@evil.example",
    "",
    "   ",
    "https://" + "a".repeat(2040) + ".com",
  ])("refuses %j", (raw) => {
    expect(checkLinkUrl(raw).ok).toBe(false);
  });

  it("names the refused scheme", () => {
    const r = checkLinkUrl("javascript:alert(1)");
    expect(r.ok === false && r.reason).toContain('"javascript"');
  });
});
