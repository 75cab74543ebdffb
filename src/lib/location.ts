/**
 * A stored link URL as a `Location` header value. Parsed URLs with an opaque path (`tel:+1 555 0100`,
 * `mailto:a@b?subject=Hi there`, `tel:`) keep spaces and some other characters as typed, which a
 * Location header must not carry (RFC 9110 §10.2.2: a URI reference, RFC 3986 characters only): each
 * character outside that set is percent-encoded as UTF-8, and existing escapes are kept.
 */
export function locationValue(url: string): string {
  return url.replace(/[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu, (ch) => encodeURIComponent(ch));
}
