// HTML in an import is read, never kept: htmlparser2 (a maintained, forgiving parser that runs in
// Workers) builds the tree, and only text and link addresses leave this file (docs/imports.md).
import type { ChildNode, Document, Element } from "domhandler";
import { isTag, isText } from "domhandler";
import { findAll, findOne, getAttributeValue } from "domutils";
import { parseDocument } from "htmlparser2";

export type { Element };
export const parseHtml = (html: string): Document => parseDocument(html);

const BLOCK = new Set(["p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "tr"]);
const SKIP = new Set(["script", "style", "noscript", "template", "svg", "iframe", "object"]);

/** The visible text of nodes: entities decoded, scripts and styles left out, blocks on their own lines. */
export function textOf(nodes: ChildNode | ChildNode[]): string {
  let out = "";
  const walk = (n: ChildNode) => {
    if (isText(n)) out += n.data;
    else if (isTag(n)) {
      if (SKIP.has(n.name)) return;
      if (BLOCK.has(n.name)) out += "\n";
      n.children.forEach(walk);
      if (BLOCK.has(n.name)) out += "\n";
    }
  };
  (Array.isArray(nodes) ? nodes : [nodes]).forEach(walk);
  return tidy(out);
}

/** Spaces collapsed within lines, at most one blank line, trimmed. */
export function tidy(text: string): string {
  return text
    .replace(/\u00a0/g, " ")
    .split("\n")
    .map((l) => l.replace(/[ \t\r\f\v]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** A fragment of HTML (a rich-text bio) as plain text. */
export const htmlToText = (html: string): string => textOf(parseHtml(html).children);

export const byTag = (root: Document | Element, name: string): Element | null => findOne((e) => e.name === name, [root].flatMap((r) => r.children), true);
export const allTags = (root: Document | Element, pred: (e: Element) => boolean): Element[] => findAll(pred, root.children);
export const attr = (e: Element, name: string): string | undefined => getAttributeValue(e, name);
export const hasClass = (e: Element, cls: string): boolean => (attr(e, "class") ?? "").split(/\s+/).includes(cls);
