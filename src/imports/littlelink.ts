// LittleLink: a static index.html — <h1> the name, the first <p> after it the bio, each `a.button` a
// link (its text the title). Scripts (analytics) are dropped, never run (docs/imports.md#littlelink).
import { REASON, unreadable, type Draft } from "./draft";
import { allTags, attr, byTag, hasClass, parseHtml, textOf } from "./html";

const S = "littlelink";

export function parseLittleLink(content: string): Draft {
  if (!/<[a-z!]/i.test(content)) throw unreadable(S, "(document)", "expected the HTML of a LittleLink index.html");
  const doc = parseHtml(content);
  const h1 = byTag(doc, "h1");
  const title = byTag(doc, "title");
  const draft: Draft = { displayName: h1 ? textOf(h1) : title ? textOf(title) : "", bio: "", links: [], socials: [], dropped: [] };
  // The template's bio is the first paragraph that is not the footer and holds no buttons.
  const bio = allTags(doc, (e) => e.name === "p" && !/footer/.test(attr(e, "class") ?? "") && !allTags(e, (a) => hasClass(a, "button")).length)[0];
  if (bio) draft.bio = textOf(bio);
  const avatar = allTags(doc, (e) => e.name === "img" && (hasClass(e, "avatar") || /avatar/i.test(attr(e, "src") ?? "")))[0];
  if (avatar) draft.photo = { where: "img.avatar" };

  const scripts = allTags(doc, (e) => e.name === "script");
  if (scripts.length) draft.dropped.push({ where: "<script>", what: `${scripts.length} script(s)`, reason: `${REASON.tracking}; pages on MeLinks run no scripts` });

  allTags(doc, (e) => e.name === "a" && hasClass(e, "button")).forEach((a, i) => {
    const where = `a.button #${i + 1}`;
    const href = attr(a, "href");
    const text = textOf(a);
    if (!href) return draft.dropped.push({ where, what: `button “${text}”`, reason: "a button without an address is not a link" });
    draft.links.push({ kind: "link", title: text, url: href, where });
  });
  return draft;
}
