import { expect } from "vitest";
import { call } from "./api";
import { signIn, userRow, type Session } from "./sign-in";

export interface KeyHolder {
  session: Session;
  key: string;
  keyId: string;
  userId: string;
}

/** A new account (signed in through the real routes) with one API key. */
export async function apiKeyHolder(): Promise<KeyHolder> {
  const session = await signIn();
  const res = await call("POST", "/api/v1/api-keys", { headers: session.headers, body: { name: "assistant" } });
  expect(res.status).toBe(201);
  const { id, key } = (await res.json()) as { id: string; key: string };
  return { session, key, keyId: id, userId: (await userRow(session.email)).id };
}
