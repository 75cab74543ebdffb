// Names and numbers shared by the router and the page DO for live sockets (actions/live-access.ts,
// link-page/live/): the header the router sets, the tags, the close codes and the limits.
// docs/performance.md#live-fan-out says how the limits were chosen.

export const LIVE_WHO_HEADER = "x-melinks-live-who";

/**
 * Close codes our live sockets end with (4000–4999 are the application's). `behind`: a per-click
 * socket fell too far behind the clicks (live/fanout.ts MAX_BEHIND); reconnecting gets a new snapshot.
 * `pageMoved`: a socket opened at an address the page has left; the reason is its new slug, where the
 * socket reconnects (sockets already open when the page moves stay open, docs/rename.md#live-sockets).
 * `full`: the page already has LIVE_SOCKETS_PER_PAGE sockets; try again later, not at once.
 */
export const LIVE_CLOSE = { accessEnded: 4001, pageClaimed: 4003, pageDeleted: 4004, behind: 4008, pageMoved: 4010, full: 4029 } as const;

/** Owner sockets one page accepts at a time, all modes and all its addresses' sockets counted apart. */
export const LIVE_SOCKETS_PER_PAGE = 1_000;
/** A totals socket gets at most one frame per this many ms (20 a second; docs/performance.md#live-fan-out says why). */
export const LIVE_FRAME_INTERVAL_MS = 50;

export const sessionsOfTag = (userId: string) => `sessions-of:${userId}`;
export const keyTag = (keyId: string) => `key:${keyId}`;
export const CLAIM_TAG = "claim";
