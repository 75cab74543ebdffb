// The session cookie (auth/sessions.ts) and the draft cookie (auth/draft-cookie.ts), serialised by hono's cookie helper: every attribute kept.
import { describe, expect, it } from "vitest";
import { clearedSessionCookie, sessionCookie } from "../../src/auth/sessions";
import { clearedDraftCookies, draftCookies } from "../../src/auth/draft-cookie";

const attrs = (cookie: string) => cookie.split("; ").slice(1).sort();

describe("cookies", () => {
  it("session: __Host- over https, HttpOnly; Secure; SameSite=Lax; Path=/; 30 days", () => {
    const c = sessionCookie("https://melinks.example/auth/verify", "abc_-1");
    expect(c.startsWith("__Host-melinks_session=abc_-1; ")).toBe(true);
    expect(attrs(c)).toEqual(["HttpOnly", "Max-Age=2592000", "Path=/", "SameSite=Lax", "Secure"]);
    expect(sessionCookie("http://localhost:8787/", "x").startsWith("melinks_session=x; ")).toBe(true);
    expect(attrs(clearedSessionCookie("https://melinks.example/"))).toEqual(["HttpOnly", "Max-Age=0", "Path=/", "SameSite=Lax", "Secure"]);
  });

  it("draft: __Secure- over https, HttpOnly; Secure; SameSite=Strict; Path=/dashboard", () => {
    const [draft, fresh] = draftCookies("https://melinks.example/start", "mlc_token", 86_400.7, true);
    expect(draft!.startsWith("__Secure-melinks_draft=mlc_token; ")).toBe(true);
    expect(attrs(draft!)).toEqual(["HttpOnly", "Max-Age=86400", "Path=/dashboard", "SameSite=Strict", "Secure"]);
    expect(attrs(fresh!)).toEqual(["HttpOnly", "Max-Age=600", "Path=/dashboard", "SameSite=Strict", "Secure"]);
    const cleared = clearedDraftCookies("http://localhost:8787/dashboard");
    expect(cleared.map((c) => c.split(";")[0])).toEqual(["melinks_draft=", "melinks_fresh="]);
    for (const c of cleared) expect(attrs(c)).toEqual(["HttpOnly", "Max-Age=0", "Path=/dashboard", "SameSite=Strict", "Secure"]);
  });
});
