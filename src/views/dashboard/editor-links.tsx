import type { LinkDraft } from "../../routes/dashboard/editor-form";
import { Field, type FieldErrors } from "./fields";

/** One link row. Its buttons are submit buttons (they work without JS); the editor script handles them in place. */
export function LinkRow(p: { link: LinkDraft; i: number | "__i__"; n: number; errors?: FieldErrors }) {
  const i = p.i;
  const pos = typeof i === "number" ? i + 1 : "__n__";
  const k = (f: string) => `links.${i}.${f}`;
  const scheduled = !!(p.link.startsAt || p.link.endsAt);
  const hasScheduleError = !!(p.errors?.[k("startsAt")] || p.errors?.[k("endsAt")]);
  return (
    <li class="link-row" data-link-row>
      <fieldset>
        <legend class="sr-only">Link {pos}</legend>
        <input type="hidden" name={k("id")} value={p.link.id} data-k="id" />
        <div class="link-row-head">
          <span class="link-pos" aria-hidden="true">{pos}</span>
          <label class="switch">
            <input type="checkbox" name={k("enabled")} checked={p.link.enabled} data-k="enabled" />
            <span class="switch-track" aria-hidden="true"></span>
            <span class="switch-label">Shown on page</span>
          </label>
          {scheduled ? <span class="badge" data-sched-badge>Scheduled</span> : null}
          {/* All-time clicks, filled in and kept live by dash-editor.js from the page's live socket. */}
          <span class="badge link-clicks" data-link-clicks-badge hidden></span>
          <span class="row-tools">
            <button type="submit" name="op" value={`up:${i}`} class="icon-btn" data-op="up" aria-label={`Move link ${pos} up`} aria-disabled={i === 0 ? "true" : undefined}>
              <span aria-hidden="true">↑</span>
            </button>
            <button type="submit" name="op" value={`down:${i}`} class="icon-btn" data-op="down" aria-label={`Move link ${pos} down`} aria-disabled={typeof i === "number" && i === p.n - 1 ? "true" : undefined}>
              <span aria-hidden="true">↓</span>
            </button>
            <button type="submit" name="op" value={`remove:${i}`} class="icon-btn icon-danger" data-op="remove" aria-label={`Delete link ${pos}`} formnovalidate>
              <span aria-hidden="true">✕</span>
            </button>
          </span>
        </div>
        <div class="link-fields">
          <Field name={k("title")} label="Title" value={p.link.title} errors={p.errors} required maxlength={100} />
          <Field name={k("url")} label="URL" value={p.link.url} errors={p.errors} type="text" inputmode="url" required maxlength={2048} spellcheck={false} placeholder="https://" />
        </div>
        <details class="schedule" open={scheduled || hasScheduleError}>
          <summary>Schedule</summary>
          <div class="link-fields">
            <Field name={k("startsAt")} label="Show from" type="datetime-local" value={p.link.startsAt} errors={p.errors} />
            <Field name={k("endsAt")} label="Hide after" type="datetime-local" value={p.link.endsAt} errors={p.errors} />
          </div>
          <p class="hint" data-tz-note>Times are in UTC. Outside this window the link is hidden and its redirect answers 404.</p>
        </details>
      </fieldset>
    </li>
  );
}

export function LinksEditor(p: { links: LinkDraft[]; errors: FieldErrors }) {
  const listError = p.errors["links"];
  return (
    <section class="card" aria-labelledby="links-h">
      <div class="card-head">
        <h2 id="links-h">Links</h2>
        <span class="muted" data-link-count>{p.links.length} of 100</span>
      </div>
      {listError ? <p class="field-error" role="alert">{listError}</p> : null}
      <ol class="link-list" data-link-list>
        {p.links.map((link, i) => (
          <LinkRow link={link} i={i} n={p.links.length} errors={p.errors} />
        ))}
      </ol>
      <p class="empty-links muted" data-empty-links hidden={p.links.length > 0}>No links yet. Add your first one.</p>
      <button type="submit" name="op" value="add" class="btn btn-add" data-op="add" formnovalidate>
        <span aria-hidden="true">+</span> Add link
      </button>
      <template id="link-template">
        <LinkRow link={{ id: "", title: "", url: "", enabled: true, startsAt: "", endsAt: "" }} i="__i__" n={0} />
      </template>
    </section>
  );
}
