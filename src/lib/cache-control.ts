// Cache-Control values routes choose from. Anything that sets none is `no-store`
// (middleware/security-headers.ts): only public documents opt in here (docs/caching.md).

/** Public documents that are the same for everyone (privacy facts, robots.txt, the API description). */
export const PUBLIC_DOCUMENT = "public, max-age=300";
