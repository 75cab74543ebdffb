// LinkStack: its JSON export — the user's fields (name, littlelink_name, littlelink_description as
// rich-text HTML, optional base64 image_data) plus links[] { button_id, link, title, order }. Button
// ids with a meaning of their own: 42 heading, 43 spacer, 93 text (docs/imports.md#linkstack).
import { dropFields, isObject, optArray, optString, parseJson, REASON, unreadable, type Draft } from "./draft";
import { htmlToText } from "./html";

const S = "linkstack";
const HEADING = 42;
const SPACER = 43;
const TEXT = 93;

export function parseLinkStack(content: string): Draft {
  const data = parseJson(S, content);
  // Some exports nest the user under "user"; the documented one has the fields at the top.
  const user = isObject(data) && isObject(data.user) ? data.user : data;
  const at = isObject(data) && isObject(data.user) ? "user" : "(document)";
  if (!isObject(user) || !isObject(data)) throw unreadable(S, at, "expected the JSON object of a LinkStack export");
  const draft: Draft = { displayName: "", bio: "", links: [], socials: [], dropped: [] };
  draft.displayName = htmlToText(optString(S, user, "name", at) ?? optString(S, user, "littlelink_name", at) ?? "");
  draft.bio = htmlToText(optString(S, user, "littlelink_description", at) ?? "");
  if (optString(S, user, "image_data", at) || optString(S, data, "image_data", "(document)")) draft.photo = { where: "image_data" };
  dropFields(user, at, { email: REASON.email, email_verified_at: REASON.email, password: "credentials are never imported", remember_token: "credentials are never imported" }, draft.dropped);

  const links = optArray(S, Array.isArray(data.links) ? data : user, "links", "(document)");
  const ordered = links.map((raw, i) => ({ raw, i })).sort((a, b) => order(a.raw) - order(b.raw) || a.i - b.i);
  for (const { raw, i } of ordered) {
    const where = `links[${i}]`;
    if (!isObject(raw)) throw unreadable(S, where, "expected a link object");
    const button = Number(raw.button_id);
    const title = htmlToText(optString(S, raw, "title", where) ?? "");
    dropFields(raw, where, { click_number: REASON.clicks }, draft.dropped);
    if (button === HEADING) {
      draft.links.push({ kind: "header", title, where });
      continue;
    }
    if (button === SPACER) {
      draft.dropped.push({ where, what: "spacer", reason: "spacers are not imported: MeLinks spaces links itself" });
      continue;
    }
    const url = optString(S, raw, "link", where);
    if (button === TEXT || !url) {
      draft.dropped.push({ where, what: `text “${title.slice(0, 40)}”`, reason: "text blocks are not links" });
      continue;
    }
    draft.links.push({ kind: "link", title: title || hostOf(url), url, where });
  }
  return draft;
}

const order = (raw: unknown): number => (isObject(raw) && Number.isFinite(Number(raw.order)) ? Number(raw.order) : 0);

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || url;
  } catch {
    return url;
  }
}
