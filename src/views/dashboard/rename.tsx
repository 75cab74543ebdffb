import { RELEASED_SLUG_HOLD_DAYS } from "../../lib/policy";
import { Field } from "./fields";

/**
 * Change the page's address (docs/rename.md). The warning comes first: printed QR codes and shared
 * links keep the old address, which redirects only for RELEASED_SLUG_HOLD_DAYS.
 */
export function RenamePanel(p: { slug: string; origin: string; etag: string; value?: string; error?: string }) {
  return (
    <section class="card" aria-labelledby="rename-h" id="rename">
      <h2 id="rename-h">Change address</h2>
      <p class="warn-text" id="rename-warning">
        Printed QR codes, business cards and links you have shared point at <span class="mono">{`${p.origin}/${p.slug}`}</span>. After a
        change that address sends visitors to the new one for {RELEASED_SLUG_HOLD_DAYS} days only; then it stops working and someone else may
        take it. Download the new QR code below once you have changed it.
      </p>
      <form method="post" action={`/dashboard/pages/${p.slug}/rename`} class="stack">
        <input type="hidden" name="etag" value={p.etag} />
        <Field
          name="slug"
          id="rename-slug"
          label="New address"
          value={p.value ?? ""}
          errors={p.error ? { slug: p.error } : {}}
          hint={`${p.origin}/… — 3 to 32 of a-z, 0-9, - and _. Analytics, subscribers and webhooks stay with the page.`}
          required
          minlength={3}
          maxlength={32}
          autocomplete="off"
          spellcheck={false}
        />
        <button type="submit" class="btn" aria-describedby="rename-warning">
          Change address
        </button>
      </form>
    </section>
  );
}
