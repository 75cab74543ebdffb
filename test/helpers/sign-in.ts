import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { call } from "./api";

let n = 0;
export const uniqueEmail = (prefix = "user") => `${prefix}-${Date.now().toString(36)}-${(n++).toString(36)}@example.com`;

/** The newest dev-outbox mail to `email` (mail is sent in waitUntil, so poll briefly). */
export async function mailTo(email: string): Promise<{ to: string; subject: string; text: string; html: string; sentAt: string }> {
  for (let i = 0; i < 50; i++) {
    const list = (await (await call("GET", "/dev/outbox")).json()) as any[];
    const mail = list.find((m) => m.to === email);
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no mail to ${email} in the dev outbox`);
}

/** A distinct client address per request, as distinct visitors have in production (per-client rate limit). */
export const someClient = () => ({ "cf-connecting-ip": `198.51.100.${Math.floor(Math.random() * 250)}` });

export async function requestLink(email: string, next?: string): Promise<string> {
  const res = await call("POST", "/api/v1/auth/magic-link", { body: { email, ...(next ? { next } : {}) }, headers: someClient() });
  expect(res.status).toBe(202);
  const mail = await mailTo(email);
  return mail.text.match(/token=([A-Za-z0-9_-]+)/)![1]!;
}

export function verify(token: string, headers: Record<string, string> = {}) {
  return call("POST", "/auth/verify", {
    rawBody: new URLSearchParams({ token }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", ...headers },
  });
}

export interface Session {
  email: string;
  cookie: string;
  /** Headers a same-origin browser request would carry. */
  headers: Record<string, string>;
}

/** Sign in through the real routes: magic link → outbox → verify → session cookie. */
export async function signIn(email = uniqueEmail()): Promise<Session> {
  const token = await requestLink(email);
  const res = await verify(token);
  expect(res.status).toBe(303);
  const setCookie = res.headers.get("set-cookie")!;
  const cookie = setCookie.split(";")[0]!;
  return { email, cookie, headers: { cookie, origin: "http://localhost" } };
}

export async function makeUserPro(email: string) {
  const res = await call("PUT", `/api/v1/admin/users/${encodeURIComponent(email)}/plan`, { token: "test-admin-token", body: { plan: "pro" } });
  expect(res.status).toBe(200);
}

export const userRow = (email: string) => env.DB.prepare("SELECT * FROM users WHERE email = ?").bind(email).first<any>();
