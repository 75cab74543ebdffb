import { confirmsSignups, type EmailSignup, type Link, type Page, type Plan, type Social } from "../schemas/page";
import { LINK_ICONS } from "../schemas/page";
import type { Theme } from "../schemas/theme";
import { avatarPath, type StoredAvatar } from "../media/photos";

/** What the DO holds about its page; `toPage` turns it into the API shape (docs/contract.md#api-shapes). */
export type PageStatus = "active" | "suspended";

export interface StoredPage {
  pageId: string;
  slug: string;
  displayName: string;
  bio: string;
  theme: Theme;
  emailSignup: EmailSignup;
  plan: Plan;
  claimed: boolean;
  /** 'suspended' by the operator's kill switch: the public page and its redirects answer 410. */
  status: PageStatus;
  version: number;
  /** The profile photo's R2 object (by content hash), or null: the page shows its initial. */
  avatar: StoredAvatar | null;
  createdAt: string;
  updatedAt: string;
  links: Link[];
  /** JSON in the page row: at most 20, always read and written whole. */
  socials: Social[];
  socialsPosition: "top" | "bottom";
}

type PageRow = {
  page_id: string; slug: string; display_name: string; bio: string; theme: string; email_signup: string;
  plan: string; claimed: number; status: string; version: number; created_at: string; updated_at: string;
  socials: string; socials_position: string; avatar: string | null;
};
type LinkRow = {
  id: string; type: string; title: string; url: string; enabled: number; starts_at: string | null; ends_at: string | null;
  featured: number; icon: string; sensitive: number;
};

const linkIcon = (s: string): Link["icon"] => ((LINK_ICONS as readonly string[]).includes(s) ? (s as Link["icon"]) : "auto");

export function readPage(sql: SqlStorage): StoredPage | null {
  const row = sql.exec<PageRow>("SELECT * FROM page WHERE id = 1").toArray()[0];
  if (!row) return null;
  const links = sql
    .exec<LinkRow>("SELECT id, type, title, url, enabled, starts_at, ends_at, featured, icon, sensitive FROM links ORDER BY position")
    .toArray()
    .map((l): Link => ({
      id: l.id,
      type: l.type === "header" ? "header" : "link",
      title: l.title,
      url: l.url,
      enabled: l.enabled === 1,
      ...(l.starts_at ? { startsAt: l.starts_at } : {}),
      ...(l.ends_at ? { endsAt: l.ends_at } : {}),
      featured: l.featured === 1,
      icon: linkIcon(l.icon),
      sensitive: l.sensitive === 1,
    }));
  return {
    pageId: row.page_id,
    slug: row.slug,
    displayName: row.display_name,
    bio: row.bio,
    theme: JSON.parse(row.theme) as Theme,
    emailSignup: JSON.parse(row.email_signup) as EmailSignup,
    plan: row.plan === "pro" ? "pro" : "free",
    claimed: row.claimed === 1,
    status: row.status === "suspended" ? "suspended" : "active",
    version: row.version,
    avatar: row.avatar ? (JSON.parse(row.avatar) as StoredAvatar) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    links,
    socials: JSON.parse(row.socials) as Social[],
    socialsPosition: row.socials_position === "bottom" ? "bottom" : "top",
  };
}

/** Write the whole page (row + links). Call inside transactionSync so it lands whole or not at all. */
export function writePage(sql: SqlStorage, p: StoredPage): void {
  sql.exec(
    `INSERT OR REPLACE INTO page (id, page_id, slug, display_name, bio, theme, email_signup, plan, claimed, status, version, created_at, updated_at, socials, socials_position, avatar)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    p.pageId, p.slug, p.displayName, p.bio, JSON.stringify(p.theme), JSON.stringify(p.emailSignup),
    p.plan, p.claimed ? 1 : 0, p.status, p.version, p.createdAt, p.updatedAt, JSON.stringify(p.socials), p.socialsPosition,
    p.avatar ? JSON.stringify(p.avatar) : null,
  );
  sql.exec("DELETE FROM links");
  p.links.forEach((l, i) => {
    sql.exec(
      `INSERT INTO links (id, position, type, title, url, enabled, starts_at, ends_at, featured, icon, sensitive)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      l.id, i, l.type, l.title, l.url, l.enabled ? 1 : 0, l.startsAt ?? null, l.endsAt ?? null, l.featured ? 1 : 0, l.icon, l.sensitive ? 1 : 0,
    );
  });
}

export function etagOf(p: Pick<StoredPage, "pageId" | "version">): string {
  return `"${p.pageId}.${p.version}"`;
}

/** The API shape; `appUrl` makes the photo's address absolute (clients use it off our origin). */
export function toPage(p: StoredPage, appUrl: string): Page {
  return {
    slug: p.slug,
    displayName: p.displayName,
    bio: p.bio,
    theme: p.theme,
    links: p.links,
    socials: p.socials,
    socialsPosition: p.socialsPosition,
    emailSignup: { ...p.emailSignup, confirm: confirmsSignups(p.emailSignup) },
    avatar: p.avatar ? { url: new URL(avatarPath(p.pageId, p.avatar.hash), appUrl).href, width: p.avatar.width, height: p.avatar.height } : null,
    plan: p.plan,
    claimed: p.claimed,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
