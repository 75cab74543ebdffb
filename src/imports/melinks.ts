// MeLinks' own export (GET /pages/{slug}/export: { exportedAt, page, analytics, subscribers, webhooks })
// or a bare Page: importing it gives the same page under the new address (docs/imports.md#melinks).
import { dropFields, isObject, optArray, optString, parseJson, unreadable, type Draft, type DraftLink } from "./draft";

const S = "melinks";

export function parseMeLinks(content: string): Draft {
  const data = parseJson(S, content);
  if (!isObject(data)) throw unreadable(S, "(document)", "expected a MeLinks export or page object");
  const exported = isObject(data.page);
  const page = exported ? (data.page as Record<string, unknown>) : data;
  const at = exported ? "page" : "(document)";
  const draft: Draft = {
    displayName: optString(S, page, "displayName", at) ?? "",
    bio: optString(S, page, "bio", at) ?? "",
    links: [],
    socials: [],
    dropped: [],
  };
  if (page.theme !== undefined) draft.theme = page.theme;
  if (exported) {
    dropFields(data, "(document)", {
      subscribers: "email subscribers are not imported: they signed up to the other page",
      webhooks: "webhooks are not imported: their signing secrets are never exported; add them again",
    }, draft.dropped);
    if (isObject(data.analytics) && Array.isArray(data.analytics.hourly) && data.analytics.hourly.length) {
      draft.dropped.push({ where: "analytics", what: "analytics", reason: "click counts are not imported: analytics start fresh" });
    }
  }
  if (isObject(page.emailSignup) && page.emailSignup.enabled === true) {
    draft.dropped.push({ where: `${at}.emailSignup`, what: "email signup settings", reason: "set the signup form again after the import (a Pro feature)" });
  }
  if (isObject(page.avatar)) draft.photo = { where: `${at}.avatar` };
  optArray(S, page, "links", at).forEach((raw, i) => {
    const where = `${at}.links[${i}]`;
    if (!isObject(raw)) throw unreadable(S, where, "expected a link object");
    const title = optString(S, raw, "title", where) ?? "";
    if (raw.type === "header") return draft.links.push({ kind: "header", title, where });
    const link: DraftLink = { kind: "link", title, url: optString(S, raw, "url", where) ?? "", where };
    if (raw.enabled === false) link.enabled = false;
    link.startsAt = optString(S, raw, "startsAt", where);
    link.endsAt = optString(S, raw, "endsAt", where);
    draft.links.push(link);
  });
  optArray(S, page, "socials", at).forEach((raw, i) => {
    const where = `${at}.socials[${i}]`;
    if (!isObject(raw)) throw unreadable(S, where, "expected a social object");
    const url = optString(S, raw, "url", where);
    if (url) draft.socials.push({ url, label: optString(S, raw, "platform", where), where });
  });
  return draft;
}
