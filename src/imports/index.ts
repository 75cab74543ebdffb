// One importer per source (docs/imports.md): each reads the source's own format into a Draft; the
// draft becomes a create body through the create's validation (to-create-body.ts).
import { parseBioDrop } from "./biodrop";
import type { Draft, ImportSource } from "./draft";
import { parseLinkStack } from "./linkstack";
import { parseLinktree } from "./linktree";
import { parseLittleLink } from "./littlelink";
import { parseMeLinks } from "./melinks";
import { toCreateBody, type ImportPlan } from "./to-create-body";

export { SOURCES, type Dropped, type ImportSource } from "./draft";
export type { ImportPlan } from "./to-create-body";

const PARSERS: Record<ImportSource, (content: string) => Draft> = {
  linktree: parseLinktree,
  linkstack: parseLinkStack,
  biodrop: parseBioDrop,
  littlelink: parseLittleLink,
  melinks: parseMeLinks,
};

/** Read `content` as `source` and plan the page: throws a 400 AppError (unreadable) or a ZodError (invalid page). */
export function planImport(source: ImportSource, content: string, slug: string): ImportPlan {
  return toCreateBody(PARSERS[source](content), slug);
}
