import { AppError, fieldError } from "../lib/errors";
import type { updatePage } from "./update-page";
import { slugConflict } from "./create-page";

type Failure = Exclude<Awaited<ReturnType<typeof updatePage>>, { ok: true }>;

/**
 * Why an edit (or rename) of `slug` was not saved, as the one AppError every door answers with — the
 * API's PATCH and MCP's update_page alike. `fieldPrefix` places field errors where that door's body
 * has the page's fields (MCP nests them under `changes`).
 */
export function updateProblem(res: Failure, slug: string, requestedSlug: string | undefined, fieldPrefix: string[] = []): AppError {
  switch (res.reason) {
    case "not_found":
      return new AppError("not_found", `There is no page "${slug}".`);
    case "moved":
      return new AppError("not_found", `The page "${slug}" was just renamed to "${res.slug}"; send your edit there.`);
    case "taken":
    case "recently_released":
      return slugConflict(requestedSlug ?? slug, res.reason);
    case "failed":
      return new AppError("unavailable", "The rename failed and nothing was changed. Please try again.");
    case "pending":
      return new AppError("unavailable", "The rename could not be finished right now; it is finished by itself within a minute. Then reload the page to see its address.");
    case "stale":
      return new AppError("precondition_failed", `The page changed since that etag; nothing was saved. Get it again (its etag is now ${res.etag}) and reapply your edit.`, {
        headers: { ETag: res.etag },
      });
    case "invalid":
      return fieldError([...fieldPrefix, ...res.field], res.message);
  }
}
