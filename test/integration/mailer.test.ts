// Mail delivery (docs/contract.md#running-it): through the real `resend` SDK against a local fake Resend server when
// RESEND_API_KEY is set; into the dev outbox without a key in development; refused in production.
// Plus the sign-in mail itself (docs/contract.md#privacy-promises: no images, no tracking, every value escaped).
import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { app } from "../../src/app";
import { MailError, sendMail, type Mail } from "../../src/email/mailer";
import type { OutboxEntry } from "../../src/email/outbox";
import { signInMail } from "../../src/email/sign-in-mail";
import { expectProblem } from "../helpers/problem";
import type { RecordedRequest } from "../resend-fake/recorded-request";

const fakeUrl = inject("resendFakeUrl");

const mail = (to: string): Mail => ({
  to,
  subject: `Hello ${to}`,
  text: `Plain text for ${to}`,
  html: `<p>HTML for <strong>${to}</strong></p>`,
});

async function recorded(): Promise<RecordedRequest[]> {
  return (await fetch(`${fakeUrl}/__requests`)).json();
}

// Only this file uses the fake server, and tests in a file run one after another.
beforeEach(async () => {
  await fetch(`${fakeUrl}/__requests`, { method: "DELETE" });
});

describe("sendMail with RESEND_API_KEY (resend SDK → fake Resend server)", () => {
  it("POSTs one message to RESEND_BASE_URL/emails with the key, EMAIL_FROM and the mail as given", async () => {
    const m = mail("ada@example.com");
    await sendMail({ ...env, RESEND_API_KEY: "re_test_123", RESEND_BASE_URL: fakeUrl }, m);

    const requests = await recorded();
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req).toMatchObject({ method: "POST", path: "/emails" });
    expect(req!.headers.authorization).toBe("Bearer re_test_123");
    expect(req!.headers["content-type"]).toMatch(/^application\/json/);
    expect(env.EMAIL_FROM).toBeTruthy();
    expect(req!.body).toEqual({ from: env.EMAIL_FROM, to: m.to, subject: m.subject, text: m.text, html: m.html });
  });

  it("passes a mail's extra headers (RFC 8058 List-Unsubscribe) to Resend", async () => {
    const headers = { "List-Unsubscribe": "<https://melinks.example/signup/remove?token=abc>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
    await sendMail({ ...env, RESEND_API_KEY: "re_test_123", RESEND_BASE_URL: fakeUrl }, { ...mail("grace@example.com"), headers });
    const [req] = await recorded();
    expect((req!.body as { headers?: unknown }).headers).toEqual(headers);
  });

  it("rejects with a clear MailError when Resend answers 500, and keeps nothing in the outbox", async () => {
    await fetch(`${fakeUrl}/__fail`, { method: "POST" });
    const sending = sendMail({ ...env, RESEND_API_KEY: "re_test_123", RESEND_BASE_URL: fakeUrl }, mail("fails@example.com"));
    await expect(sending).rejects.toThrow(MailError);
    await expect(sending).rejects.toThrow(/Resend refused the message: internal_server_error: The fake Resend server was told to fail/);
    expect(await recorded()).toHaveLength(1); // it was tried once, not retried silently
    const outbox = await (await exports.default.fetch("http://localhost/dev/outbox")).json<OutboxEntry[]>();
    expect(outbox.map((e) => e.to)).not.toContain("fails@example.com");
  });
});

describe("sendMail without RESEND_API_KEY", () => {
  it("in development keeps the mail in the dev outbox, listed newest first at GET /dev/outbox", async () => {
    const devEnv = { ...env, RESEND_API_KEY: undefined, ENVIRONMENT: "development" };
    const first = mail("first@example.com");
    const second = mail("second@example.com");
    const before = Date.now();
    await sendMail(devEnv, first);
    await scheduler.wait(5); // workerd's clock only moves across I/O and timers: make the two sentAt differ
    await sendMail(devEnv, second);

    const res = await exports.default.fetch("http://localhost/dev/outbox");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const outbox = await res.json<OutboxEntry[]>();
    const ours = outbox.filter((e) => e.to === first.to || e.to === second.to);
    expect(ours).toEqual([
      { ...second, sentAt: expect.any(String) },
      { ...first, sentAt: expect.any(String) },
    ]);
    for (const e of ours) {
      expect(new Date(e.sentAt).toISOString()).toBe(e.sentAt);
      expect(Date.parse(e.sentAt)).toBeGreaterThanOrEqual(before);
    }
    expect(Date.parse(ours[0]!.sentAt)).toBeGreaterThan(Date.parse(ours[1]!.sentAt));
    expect(await recorded()).toEqual([]); // nothing went to Resend
  });

  it("in production rejects instead of pretending to send, and /dev/outbox is 404", async () => {
    const prodEnv = { ...env, RESEND_API_KEY: undefined, ENVIRONMENT: "production" };
    await expect(sendMail(prodEnv, mail("prod@example.com"))).rejects.toThrow(MailError);
    await expect(sendMail(prodEnv, mail("prod@example.com"))).rejects.toThrow(/No RESEND_API_KEY/);

    const res = await app.fetch(new Request("http://localhost/dev/outbox"), prodEnv, createExecutionContext());
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("prod@example.com");
  });
});

describe("signInMail", () => {
  const link = "https://melinks.example/auth/verify?token=abc_DEF-123";

  it("carries the link in text and HTML, and escapes the address in HTML", async () => {
    const m = await signInMail("o'brien@example.com", link);
    expect(m.to).toBe("o'brien@example.com");
    expect(m.subject).toMatch(/sign-in link/i);
    expect(m.text).toContain(link);
    expect(m.text).toContain("o'brien@example.com");
    expect(m.html).toContain(`href="${link}"`);
    expect(m.html).toContain("o&#39;brien@example.com");
    expect(m.html).not.toContain("o'brien");
  });

  it("escapes markup in the address and in the link", async () => {
    const m = await signInMail('"<img src=x>"@example.com', 'https://melinks.example/auth/verify?token=a"b&c<d');
    expect(m.html).not.toMatch(/<img/i);
    expect(m.html).toContain("&lt;img src=x&gt;");
    expect(m.html).toContain('href="https://melinks.example/auth/verify?token=a&quot;b&amp;c&lt;d"');
  });

  it("has no images, no tracking and no URL but the sign-in link", async () => {
    const m = await signInMail("ada@example.com", link);
    for (const part of [m.text, m.html]) {
      expect(part).not.toMatch(/<img|<script|<iframe|<link|url\(|utm_|pixel|track/i);
      expect(part.match(/https?:\/\/[^\s"'<>)]+/gi)).toEqual(expect.arrayContaining([link]));
      expect(new Set(part.match(/https?:\/\/[^\s"'<>)]+/gi))).toEqual(new Set([link]));
    }
  });
});

describe("the dev outbox is for this machine only", () => {
  it("answers 404 on any host but loopback, even in development", async () => {
    const { exports } = await import("cloudflare:workers");
    const res = await exports.default.fetch(new Request("https://melinks.example/dev/outbox"));
    expect(res.status).toBe(404);
  });
});

describe("when Resend fails", () => {
  it.each([
    ["answers 500", "/__fail"],
    ["does not answer (MAIL_TIMEOUT_MS)", "/__hang"],
  ])("when Resend %s, the person is told to try again (503) and the link is withdrawn: no usable token is left", async (_name, fault) => {
    await fetch(`${fakeUrl}${fault}`, { method: "POST" });
    const email = `fails-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const started = Date.now();
    const res = await app.fetch(
      new Request("http://localhost/api/v1/auth/magic-link", {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": `192.0.2.${Math.floor(Math.random() * 200)}` },
        body: JSON.stringify({ email }),
      }),
      { ...env, RESEND_API_KEY: "re_test_123", RESEND_BASE_URL: fakeUrl, MAIL_TIMEOUT_MS: "300" },
      createExecutionContext(),
    );
    const body = await expectProblem(res, 503);
    expect(body.detail).toMatch(/couldn't send the sign-in email/);
    expect(res.headers.get("retry-after")).toBe("60");
    expect(Date.now() - started).toBeLessThan(10_000); // the timeout, not the fake's 30 s
    if (fault === "/__hang") {
      // And the request was cancelled, not left open for Resend to act on later.
      await expect
        .poll(async () => (await recorded()).find((r) => JSON.stringify(r.body).includes(email))?.abandoned, { timeout: 5_000 })
        .toBe(true);
    }
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM magic_links WHERE email = ?").bind(email).first("n")).toBe(0);
    // Nor does a mail that never went out count against the address's hourly sends.
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM magic_link_sends WHERE email = ?").bind(email).first("n")).toBe(0);
  });

  it("the sign-in form says so in words when the mail can't be sent, and keeps what was typed", async () => {
    await fetch(`${fakeUrl}/__fail`, { method: "POST" });
    const email = `form-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const res = await app.fetch(
      new Request("http://localhost/login", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", "cf-connecting-ip": "192.0.2.201" },
        body: new URLSearchParams({ email }).toString(),
      }),
      { ...env, RESEND_API_KEY: "re_test_123", RESEND_BASE_URL: fakeUrl },
      createExecutionContext(),
    );
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain("couldn&#39;t send the sign-in email");
    expect(html).toContain(`value="${email}"`);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM magic_links WHERE email = ?").bind(email).first("n")).toBe(0);
  });
});
