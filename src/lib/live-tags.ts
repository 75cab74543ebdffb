// Names shared by the router and the page DO for live sockets (actions/live-access.ts,
// link-page/live-sockets.ts): the header the router sets, the tags, and the close codes.

export const LIVE_WHO_HEADER = "x-melinks-live-who";

/**
 * Close codes our live sockets end with (4000–4999 are the application's). `behind`: the socket fell
 * too far behind the clicks (live-fanout.ts MAX_BEHIND); reconnecting gets a new snapshot. `pageMoved`: the
 * page was renamed; the close reason is its new slug, where the socket reconnects (docs/rename.md).
 */
export const LIVE_CLOSE = { accessEnded: 4001, pageClaimed: 4003, pageDeleted: 4004, behind: 4008, pageMoved: 4010 } as const;

export const sessionsOfTag = (userId: string) => `sessions-of:${userId}`;
export const keyTag = (keyId: string) => `key:${keyId}`;
export const CLAIM_TAG = "claim";

