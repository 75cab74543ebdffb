// Linktree: the public page's HTML (its data sits in <script id="__NEXT_DATA__">) or that JSON itself.
// Shape read: props.pageProps.account { username, pageTitle, description, profilePictureUrl, links[],
// socialLinks[] } (links may also sit beside account, in pageProps.links). See docs/imports.md#linktree.
import { dropFields, isObject, optArray, optString, parseJson, REASON, unreadable, type Draft, type DraftLink } from "./draft";
import { allTags, attr, parseHtml } from "./html";

const S = "linktree";

const TRACKING = ["googleAnalyticsId", "facebookPixelId", "tiktokPixelId", "pinterestTagId", "snapchatPixelId", "trackingPixels", "analytics"];

function nextData(content: string): unknown {
  if (!content.trimStart().startsWith("<")) return parseJson(S, content);
  const [script] = allTags(parseHtml(content), (e) => e.name === "script" && attr(e, "id") === "__NEXT_DATA__");
  if (!script) throw unreadable(S, '<script id="__NEXT_DATA__">', "not found: save the whole page (its HTML source) or paste the JSON of that script");
  return parseJson(S, script.children.map((c) => ("data" in c ? c.data : "")).join(""));
}

/** Epoch ms or an ISO string, as an ISO string; anything else is an error naming the field. */
function time(v: unknown, where: string): string | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  const ms = typeof v === "number" ? v : typeof v === "string" ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw unreadable(S, where, "expected a date-time");
  return new Date(ms).toISOString();
}

export function parseLinktree(content: string): Draft {
  const data = nextData(content);
  const pageProps = isObject(data) && isObject(data.props) && isObject(data.props.pageProps) ? data.props.pageProps : isObject(data) && isObject(data.pageProps) ? data.pageProps : data;
  const base = isObject(data) && isObject(data.props) ? "props.pageProps" : isObject(data) && isObject(data.pageProps) ? "pageProps" : "(document)";
  if (!isObject(pageProps) || !isObject(pageProps.account)) throw unreadable(S, `${base}.account`, "not found: expected the page's __NEXT_DATA__ with props.pageProps.account");
  const account = pageProps.account;
  const at = `${base}.account`;
  const draft: Draft = { displayName: "", bio: "", links: [], socials: [], dropped: [] };
  draft.displayName = (optString(S, account, "pageTitle", at) || optString(S, account, "username", at) || "").trim();
  draft.bio = optString(S, account, "description", at) ?? "";
  if (optString(S, account, "profilePictureUrl", at)) draft.photo = { where: `${at}.profilePictureUrl` };
  dropFields(account, at, Object.fromEntries(TRACKING.map((k) => [k, REASON.tracking])), draft.dropped);
  dropFields(account, at, { email: REASON.email, owner: "account owner details are not imported", theme: "Linktree themes do not map to MeLinks themes: pick one after the import" }, draft.dropped);

  const inAccount = (key: string) => account[key] !== undefined && account[key] !== null;
  const linksAt = inAccount("links") ? `${at}.links` : `${base}.links`;
  const links = inAccount("links") ? optArray(S, account, "links", at) : optArray(S, pageProps, "links", base);
  links.forEach((raw, i) => {
    const where = `${linksAt}[${i}]`;
    if (!isObject(raw)) throw unreadable(S, where, "expected a link object");
    const type = (optString(S, raw, "type", where) ?? "CLASSIC").toUpperCase();
    const title = optString(S, raw, "title", where) ?? "";
    dropFields(raw, where, { clicks: REASON.clicks, clickCount: REASON.clicks }, draft.dropped);
    if (type === "HEADER") return draft.links.push({ kind: "header", title, where });
    const url = optString(S, raw, "url", where);
    if (!url) return draft.dropped.push({ where, what: `${type.toLowerCase()} block “${title}”`, reason: `a Linktree ${type} block without an address is not a link` });
    const link: DraftLink = { kind: "link", title, url, where };
    const schedule = isObject(raw.rules) && isObject(raw.rules.schedule) ? raw.rules.schedule : raw;
    link.startsAt = time(schedule.startsAt ?? schedule.startAt, `${where}.startsAt`);
    link.endsAt = time(schedule.endsAt ?? schedule.endAt, `${where}.endsAt`);
    if (raw.locked === true) draft.dropped.push({ where: `${where}.locked`, what: `lock on “${title}”`, reason: "locked links are imported unlocked" });
    draft.links.push(link);
  });

  const socials = inAccount("socialLinks") ? optArray(S, account, "socialLinks", at) : optArray(S, pageProps, "socialLinks", base);
  const socialsAt = inAccount("socialLinks") ? `${at}.socialLinks` : `${base}.socialLinks`;
  socials.forEach((raw, i) => {
    const where = `${socialsAt}[${i}]`;
    if (!isObject(raw)) throw unreadable(S, where, "expected a social link object");
    const url = optString(S, raw, "url", where);
    if (url) draft.socials.push({ url, label: optString(S, raw, "type", where), where });
  });
  return draft;
}
