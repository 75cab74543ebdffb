// BioDrop: a profile JSON { name, bio, avatar, socials[{ icon, url }], links[{ name, url, icon,
// group?, schedule?[{ startDate, endDate }] }] } — a group starts a header (docs/imports.md#biodrop).
import { dropFields, isObject, optArray, optString, parseJson, REASON, unreadable, type Draft, type DraftLink } from "./draft";

const S = "biodrop";

function time(v: string | undefined, where: string): string | undefined {
  if (!v) return undefined;
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw unreadable(S, where, `"${v.slice(0, 40)}" is not a date-time`);
  return new Date(ms).toISOString();
}

export function parseBioDrop(content: string): Draft {
  const data = parseJson(S, content);
  if (!isObject(data)) throw unreadable(S, "(document)", "expected a BioDrop profile object { name, bio, links, socials }");
  const at = "(document)";
  const draft: Draft = { displayName: (optString(S, data, "name", at) ?? "").trim(), bio: optString(S, data, "bio", at) ?? "", links: [], socials: [], dropped: [] };
  if (optString(S, data, "avatar", at)) draft.photo = { where: "avatar" };
  dropFields(data, at, { milestones: "milestones are not imported", testimonials: "testimonials are not imported", events: "events are not imported", repos: "repositories are not imported", tags: "tags are not imported" }, draft.dropped);

  let group: string | undefined;
  optArray(S, data, "links", at).forEach((raw, i) => {
    const where = `links[${i}]`;
    if (!isObject(raw)) throw unreadable(S, where, "expected a link object");
    const g = optString(S, raw, "group", where)?.trim();
    if (g && g !== group) draft.links.push({ kind: "header", title: g, where: `${where}.group` });
    group = g;
    const link: DraftLink = { kind: "link", title: optString(S, raw, "name", where) ?? "", url: optString(S, raw, "url", where) ?? "", where };
    if (raw.isEnabled === false) link.enabled = false;
    dropFields(raw, where, { clicks: REASON.clicks, views: REASON.clicks }, draft.dropped);
    const schedule = optArray(S, raw, "schedule", where);
    if (schedule.length) {
      const first = schedule[0];
      if (!isObject(first)) throw unreadable(S, `${where}.schedule[0]`, "expected { startDate, endDate }");
      link.startsAt = time(optString(S, first, "startDate", `${where}.schedule[0]`), `${where}.schedule[0].startDate`);
      link.endsAt = time(optString(S, first, "endDate", `${where}.schedule[0]`), `${where}.schedule[0].endDate`);
      if (schedule.length > 1) draft.dropped.push({ where: `${where}.schedule`, what: `${schedule.length - 1} later schedule window(s)`, reason: "a link has one schedule window on MeLinks: the first is kept" });
    }
    draft.links.push(link);
  });
  optArray(S, data, "socials", at).forEach((raw, i) => {
    const where = `socials[${i}]`;
    if (!isObject(raw)) throw unreadable(S, where, "expected a social object { icon, url }");
    const url = optString(S, raw, "url", where);
    if (url) draft.socials.push({ url, label: optString(S, raw, "icon", where), where });
  });
  return draft;
}
