// The page DO's alarm: finish a move left unfinished, then flush buffered clicks (flush-runner.ts),
// or, on an old address whose hold is over, forget the page that moved away.
import { LIVE_CLOSE } from "../lib/live-tags";
import { closeSockets } from "./live/sockets";
import type { PageCore } from "./page-core";

export async function onAlarm(core: PageCore): Promise<void> {
  try {
    await core.settled(); // an unfinished move first (mover.ts set this alarm to retry it)
  } catch {
    return; // still unfinished: retried on the alarm carryOutMove set again
  }
  const page = core.load();
  if (page) return core.flusher.alarm(page, () => core.hasSchema);
  if (core.moves.expired()) {
    // The hold is over: the address forgets its old page (a new one may be created here), and
    // sockets still open from before the move end (reconnecting follows the index to the page).
    closeSockets(core.ctx, null, LIVE_CLOSE.pageMoved, "");
    await core.ctx.storage.deleteAll();
    core.moves.forget();
    core.hasSchema = false;
    return;
  }
  // A tombstone woken early (a click's flush alarm set as the page left): wake again when the hold ends.
  const moved = core.moves.movedTo();
  if (moved) await core.ctx.storage.setAlarm(moved.until);
}
