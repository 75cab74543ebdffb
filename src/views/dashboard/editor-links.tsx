import { blankLink, type LinkDraft } from "../../routes/dashboard/editor-form";
import { PLATFORM_IDS, PLATFORM_NAMES } from "../../schemas/platforms";
import { Field, type FieldErrors } from "./fields";

/**
 * One row of the list: a link or a header, which move through one list together. Its buttons are
 * submit buttons (they work without JS); the editor script handles them in place.
 */
export function LinkRow(p: { link: LinkDraft; i: number | "__i__"; n: number; errors?: FieldErrors }) {
  const i = p.i;
  const pos = typeof i === "number" ? i + 1 : "__n__";
  const k = (f: string) => `links.${i}.${f}`;
  const header = p.link.type === "header";
  const noun = header ? "Header" : "Link";
  const scheduled = !!(p.link.startsAt || p.link.endsAt);
  const hasScheduleError = !!(p.errors?.[k("startsAt")] || p.errors?.[k("endsAt")]);
  return (
    <li class={`link-row${header ? " header-row" : ""}`} data-link-row data-type={p.link.type}>
      <fieldset>
        <legend class="sr-only" data-noun={noun}>{noun} {pos}</legend>
        <input type="hidden" name={k("id")} value={p.link.id} data-k="id" />
        <input type="hidden" name={k("type")} value={p.link.type} data-k="type" />
        <div class="link-row-head">
          <span class="link-pos" aria-hidden="true">{pos}</span>
          {header ? <span class="badge">Header</span> : null}
          <label class="switch">
            <input type="checkbox" name={k("enabled")} checked={p.link.enabled} data-k="enabled" />
            <span class="switch-track" aria-hidden="true"></span>
            <span class="switch-label">Shown on page</span>
          </label>
          {scheduled ? <span class="badge" data-sched-badge>Scheduled</span> : null}
          {/* All-time clicks, filled in and kept live by dash-editor.js from the page's live socket. */}
          <span class="badge link-clicks" data-link-clicks-badge hidden></span>
          <span class="row-tools">
            <button type="submit" name="op" value={`up:${i}`} class="icon-btn" data-op="up" aria-label={`Move ${noun.toLowerCase()} ${pos} up`} aria-disabled={i === 0 ? "true" : undefined}>
              <span aria-hidden="true">↑</span>
            </button>
            <button type="submit" name="op" value={`down:${i}`} class="icon-btn" data-op="down" aria-label={`Move ${noun.toLowerCase()} ${pos} down`} aria-disabled={typeof i === "number" && i === p.n - 1 ? "true" : undefined}>
              <span aria-hidden="true">↓</span>
            </button>
            <button type="submit" name="op" value={`remove:${i}`} class="icon-btn icon-danger" data-op="remove" aria-label={`Delete ${noun.toLowerCase()} ${pos}`} formnovalidate>
              <span aria-hidden="true">✕</span>
            </button>
          </span>
        </div>
        {header ? (
          <Field name={k("title")} label="Header text" value={p.link.title} errors={p.errors} required maxlength={100} hint="A heading between your links, e.g. “Music” or “Shop”." />
        ) : (
          <div class="link-fields">
            <Field name={k("title")} label="Title" value={p.link.title} errors={p.errors} required maxlength={100} />
            <Field name={k("url")} label="URL" value={p.link.url} errors={p.errors} type="text" inputmode="url" required maxlength={2048} spellcheck={false} placeholder="https://" />
          </div>
        )}
        {header ? null : (
          <details class="schedule" open={p.link.featured || p.link.sensitive || p.link.icon !== "auto"}>
            <summary>Options</summary>
            <div class="link-opts">
              <label class="check">
                <input type="checkbox" name={k("featured")} checked={p.link.featured} data-k="featured" /> Featured (stands out)
              </label>
              <label class="check">
                <input type="checkbox" name={k("sensitive")} checked={p.link.sensitive} data-k="sensitive" /> Sensitive (visitors confirm first)
              </label>
              <div class="field">
                <label for={`f-links-${i}-icon`}>Icon</label>
                <select id={`f-links-${i}-icon`} name={k("icon")} data-k="icon">
                  <option value="auto" selected={p.link.icon === "auto"}>Automatic (from the address)</option>
                  <option value="none" selected={p.link.icon === "none"}>None</option>
                  {PLATFORM_IDS.map((id) => (
                    <option value={id} selected={p.link.icon === id}>{PLATFORM_NAMES[id]}</option>
                  ))}
                </select>
              </div>
            </div>
          </details>
        )}
        <details class="schedule" open={scheduled || hasScheduleError}>
          <summary>Schedule</summary>
          <div class="link-fields">
            <Field name={k("startsAt")} label="Show from" type="datetime-local" value={p.link.startsAt} errors={p.errors} />
            <Field name={k("endsAt")} label="Hide after" type="datetime-local" value={p.link.endsAt} errors={p.errors} />
          </div>
          <p class="hint" data-tz-note>Times are in UTC. Outside this window the {noun.toLowerCase()} is hidden{header ? "" : " and its redirect answers 404"}.</p>
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
      <div class="add-row">
        <button type="submit" name="op" value="add" class="btn btn-add" data-op="add" formnovalidate>
          <span aria-hidden="true">+</span> Add link
        </button>
        <button type="submit" name="op" value="add-header" class="btn btn-add btn-add-header" data-op="add-header" formnovalidate>
          <span aria-hidden="true">+</span> Add header
        </button>
      </div>
      <template id="link-template">
        <LinkRow link={blankLink()} i="__i__" n={0} />
      </template>
      <template id="header-template">
        <LinkRow link={blankLink("header")} i="__i__" n={0} />
      </template>
    </section>
  );
}
