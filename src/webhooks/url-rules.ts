// Where may a webhook point? Not at us, our provider's metadata service or anybody's private network
// (SSRF). The WHATWG URL parser normalises the tricky spellings first — `2130706433`, `0x7f.1` and
// `017700000001` all become `127.0.0.1`; `[::ffff:127.0.0.1]` becomes `[::ffff:7f00:1]` — so the
// checks below see one canonical form. Checked when a webhook is created and again before each
// delivery. Limits: a public name that resolves to a private address (DNS rebinding) is not caught
// here; Workers cannot resolve names before fetch(), and their subrequests leave from Cloudflare's
// edge, which has no route into a customer's private network. Run anywhere else (self-hosted), the
// host's network must filter egress: docs/self-hosting.md#egress-filtering.

export const MAX_WEBHOOK_URL_LENGTH = 2048;

export type UrlRefusal = "invalid" | "too_long" | "scheme" | "http" | "credentials" | "private_address" | "internal_host" | "port";
export type UrlCheck = { ok: true; url: string } | { ok: false; reason: UrlRefusal };

/** Names that only mean something inside a network, including cloud metadata services. */
const INTERNAL_SUFFIXES = [".localhost", ".local", ".internal", ".home.arpa", ".lan", ".intranet", ".corp"];
/** Loopback names a developer's own machine may use over plain http (ENVIRONMENT "development"). */
const DEV_HOSTS = new Set(["localhost", "127.0.0.1"]);

export function checkWebhookUrl(raw: string, environment: string): UrlCheck {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, reason: "too_long" };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "scheme" };
  if (url.username || url.password) return { ok: false, reason: "credentials" };
  const host = url.hostname.replace(/\.+$/, "").toLowerCase();
  if (environment === "development" && DEV_HOSTS.has(host)) return { ok: true, url: url.href };
  if (url.protocol !== "https:") return { ok: false, reason: "http" };
  const refusal = hostRefusal(host);
  if (refusal) return { ok: false, reason: refusal };
  // The parser drops a default port (`:443` → ""), so any port left is another one: a public name can
  // still resolve inward, and then an explicit port picks the internal service (docs/self-hosting.md).
  if (url.port !== "") return { ok: false, reason: "port" };
  return { ok: true, url: url.href };
}

export function urlRefusalMessage(reason: UrlRefusal): string {
  switch (reason) {
    case "invalid":
      return "is not a valid URL";
    case "too_long":
      return `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
    case "scheme":
      return "must be an https URL";
    case "http":
      return "must use https (plain http is allowed only to localhost in development)";
    case "credentials":
      return "must not contain a user name or password; authenticate requests by their signature";
    case "private_address":
      return "points at a private, loopback, link-local or reserved address";
    case "internal_host":
      return "names an internal host (localhost, metadata services, .internal, .local …)";
    case "port":
      return "must use the standard https port (443): other ports are refused";
  }
}

function hostRefusal(host: string): UrlRefusal | null {
  if (host.startsWith("[")) return isPublicIPv6(host.slice(1, -1)) ? null : "private_address";
  const v4 = parseIPv4(host);
  if (v4 !== null) return isPublicIPv4(v4) ? null : "private_address";
  // A public name has a dot; a single label (`localhost`, `metadata`, `instance-data`) is resolved
  // by local search domains, if at all.
  if (!host.includes(".") || INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) return "internal_host";
  return null;
}

/** The URL parser has already turned every IPv4 spelling into four decimal parts. */
function parseIPv4(host: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** Special-purpose IPv4 ranges (RFC 6890 and its IANA registry) that must never be a webhook target. */
const V4_BLOCKED: [string, number][] = [
  ["0.0.0.0", 8], // "this network", incl. the unspecified 0.0.0.0
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT (and Alibaba's metadata 100.100.100.200)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, incl. the 169.254.169.254 metadata service
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, incl. broadcast 255.255.255.255
];
const V4_RANGES = V4_BLOCKED.map(([base, bits]) => ({ base: parseIPv4(base)!, mask: bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0 }));

function isPublicIPv4(ip: number): boolean {
  return !V4_RANGES.some((r) => ((ip & r.mask) >>> 0) === r.base);
}

/** Eight 16-bit groups of a serialised IPv6 address (the parser's form: hex, `::` compression). */
function parseIPv6(s: string): number[] | null {
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const groups = (h: string | undefined) => (h ? h.split(":").map((g) => parseInt(g, 16)) : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const all = [...head, ...Array<number>(fill).fill(0), ...tail];
  return all.length === 8 && all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? all : null;
}

function isPublicIPv6(s: string): boolean {
  const g = parseIPv6(s);
  if (!g) return false;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const embedded = ((g6 << 16) | g7) >>> 0;
  // ::ffff:a.b.c.d (IPv4-mapped) and 64:ff9b::a.b.c.d (NAT64) reach an IPv4 host: judge that host.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return isPublicIPv4(embedded);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return isPublicIPv4(embedded);
  // 6to4 (2002:a.b.c.d::/48) carries an IPv4 address in groups 1–2.
  if (g0 === 0x2002) return isPublicIPv4(((g1 << 16) | g2) >>> 0);
  // Only global unicast (2000::/3) remains; this excludes ::, ::1, IPv4-compatible ::a.b.c.d,
  // fc00::/7 unique-local, fe80::/10 link-local, fec0::/10 site-local, ff00::/8 multicast, 100::/64 discard.
  if ((g0 & 0xe000) !== 0x2000) return false;
  if (g0 === 0x2001 && g1 < 0x200) return false; // 2001::/23 IETF protocol assignments, incl. Teredo 2001::/32
  if (g0 === 0x2001 && g1 === 0xdb8) return false; // documentation
  if (g0 === 0x3fff && g1 < 0x1000) return false; // documentation (RFC 9637)
  return true;
}
