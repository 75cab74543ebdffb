// What every importer produces (src/imports/<source>.ts): a draft of a page in the source's own terms,
// not yet trusted, and what it left out. to-create-body.ts turns a draft into the create body, through
// the same validation as POST /pages (docs/imports.md).
import { AppError } from "../lib/errors";

/** Something in the source that the page will not have, where it was, and why. */
export interface Dropped {
  where: string;
  what: string;
  reason: string;
}

export interface DraftLink {
  kind: "link" | "header";
  title: string;
  url?: string;
  enabled?: boolean;
  startsAt?: string;
  endsAt?: string;
  /** Where in the source, for messages: `account.links[3]`, `a.button #2` … */
  where: string;
}

export interface DraftSocial {
  url: string;
  /** The source's own name for the platform, if it gave one (`INSTAGRAM`, `FaGithub` …). */
  label?: string;
  where: string;
}

export interface Draft {
  displayName: string;
  bio: string;
  theme?: unknown;
  links: DraftLink[];
  socials: DraftSocial[];
  /** A photo found in the source (embedded data or an address; never fetched). */
  photo?: { where: string };
  dropped: Dropped[];
}

export const SOURCES = ["linktree", "linkstack", "biodrop", "littlelink", "melinks"] as const;
export type ImportSource = (typeof SOURCES)[number];

/** The source could not be read: a 400 that says what was expected and where, never a 500. */
export function unreadable(source: ImportSource, where: string, message: string): AppError {
  const detail = `content (${source}) at ${where}: ${message}`;
  return new AppError("bad_request", detail, { errors: [{ field: "content", pointer: "#/content", message: `${where}: ${message}` }] });
}

/** Parse JSON content or say where it broke. */
export function parseJson(source: ImportSource, content: string): unknown {
  try {
    return JSON.parse(content);
  } catch (err) {
    throw unreadable(source, "(document)", `is not valid JSON (${(err as Error).message})`);
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A string field, or undefined; any other type is an error naming the field. */
export function optString(source: ImportSource, obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v !== "string") throw unreadable(source, `${where}.${key}`, `expected text, found ${Array.isArray(v) ? "a list" : typeof v}`);
  return v;
}

/** A list field (missing = empty); anything else is an error naming the field. */
export function optArray(source: ImportSource, obj: Record<string, unknown>, key: string, where: string): unknown[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw unreadable(source, `${where}.${key}`, `expected a list, found ${typeof v}`);
  return v;
}

/** Fields of the source we never carry over: tracking ids, pixels, emails, counts. */
export function dropFields(obj: Record<string, unknown>, where: string, fields: Record<string, string>, dropped: Dropped[]): void {
  for (const [key, reason] of Object.entries(fields)) {
    const v = obj[key];
    if (v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && !v.length)) dropped.push({ where: `${where}.${key}`, what: key, reason });
  }
}

export const REASON = {
  tracking: "tracking ids and pixels are never imported (no third-party tracking on MeLinks pages)",
  email: "email addresses are not imported",
  clicks: "click counts are not imported: analytics start fresh",
  photo: "photo import comes with avatar support",
} as const;
