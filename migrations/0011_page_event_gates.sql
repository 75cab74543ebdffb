-- page.updated fan-out is coalesced per page (docs/limits.md#outbound-requests): at most one event per
-- page per PAGE_UPDATED_COALESCE_SECONDS goes out at once; edits inside that window are sent once, at
-- its end, as the page then is. One row per page and event: when the gate opens again (ms since the
-- epoch) and whether a delayed send is already queued. Rows idle for an hour are pruned as gates close.
CREATE TABLE page_event_gates (
  page_id TEXT NOT NULL,
  event TEXT NOT NULL,
  open_at INTEGER NOT NULL,
  pending INTEGER NOT NULL DEFAULT 0,  -- 1 while a delayed send for this window is queued
  PRIMARY KEY (page_id, event)
);
