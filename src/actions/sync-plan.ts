// The one step that brings a page's DO copy of the plan in line with D1, the authority
// (docs/plans.md#propagation). Idempotent and safe to run twice at once: the DO refuses a version
// older than one it holds, and the page stays pending until a push is followed by an unchanged D1.
import { dropPendingPlan, pendingPlanPages, planDue, requeuePlan, settlePlan } from "../db/plan-pending";
import { linkPageStub } from "../link-page/stub";

/** A plan changing this often while we push it is not worth chasing: the next sweep takes it. */
const MAX_ROUNDS = 3;
/** Pages one sweep pushes; the rest wait for the next (every trigger, src/index.ts). */
const SWEEP_LIMIT = 100;

/** Push the page's plan from D1 into its DO until D1 says the same afterwards. Throws when the DO can't be reached. */
export async function syncPagePlan(env: Cloudflare.Env, pageId: string): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const due = await planDue(env.DB, pageId);
    if (!due) return dropPendingPlan(env.DB, pageId); // unclaimed or deleted: nothing to copy
    const held = await linkPageStub(env, due.slug).setOwnership({ claimed: true, plan: due.plan, planVersion: due.version, pageId, now: new Date().toISOString() });
    if (!held) throw new Error(`page ${pageId}: the DO at ${due.slug} does not hold it (a move under way?); left pending`);
    if (await settlePlan(env.DB, pageId, due.version)) return;
  }
  throw new Error(`page ${pageId}: its plan changed ${MAX_ROUNDS} times while being pushed; left pending`);
}

/** Push every page's plan that one step or another left pending. Returns how many were settled and how many failed. */
export async function syncPendingPlans(env: Cloudflare.Env): Promise<{ synced: number; failed: number }> {
  const pages = await pendingPlanPages(env.DB, SWEEP_LIMIT);
  let failed = 0;
  await Promise.all(
    pages.map((id) =>
      syncPagePlan(env, id).catch(async (err) => {
        failed++;
        console.error(`plans: page ${id} is still pending; the next sweep retries`, err);
        await requeuePlan(env.DB, id).catch(() => {}); // only its place in line: still pending either way
      }),
    ),
  );
  return { synced: pages.length - failed, failed };
}
