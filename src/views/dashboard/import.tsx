import type { Dropped, ImportSource } from "../../imports";
import type { CreatePageInput } from "../../schemas/page";
import { Field, fieldId, type FieldErrors } from "./fields";
import { DashShell } from "./shell";

const SOURCE_LABELS: Record<ImportSource, string> = {
  linktree: "Linktree — the page's HTML (Save page as…) or its __NEXT_DATA__ JSON",
  linkstack: "LinkStack — its JSON export",
  biodrop: "BioDrop — your profile JSON",
  littlelink: "LittleLink — your index.html",
  melinks: "MeLinks — an export (JSON) of one of your pages",
};

export interface ImportProps {
  email: string;
  source?: ImportSource;
  slug?: string;
  content?: string;
  errors?: FieldErrors;
  /** After a preview: the page it would create and what it leaves out. */
  preview?: { page: CreatePageInput; dropped: Dropped[] };
}

/** /dashboard/import: paste or upload, preview (a dry run), confirm. Works without JavaScript. */
export function ImportPage(p: ImportProps) {
  const error = p.errors?.content;
  return (
    <DashShell title="Import a page" email={p.email} active="pages">
      <div class="page-head">
        <h1>Import a page</h1>
        <p class="muted">Bring your links from another service. You see the page before it is made; nothing is fetched from the other service.</p>
      </div>
      {p.preview ? <Preview {...p} preview={p.preview} /> : null}
      <section class="card" aria-labelledby="import-h">
        <h2 id="import-h">{p.preview ? "Change the import" : "What to import"}</h2>
        <form method="post" action="/dashboard/import" enctype="multipart/form-data" class="stack">
          <div class="field" data-field="source">
            <label for="f-source">From</label>
            <select id="f-source" name="source" required>
              {Object.entries(SOURCE_LABELS).map(([value, label]) => (
                <option value={value} selected={value === p.source}>{label}</option>
              ))}
            </select>
            <p class="field-error" hidden={!p.errors?.source}>{p.errors?.source ?? ""}</p>
          </div>
          <Field name="slug" label="New page address" value={p.slug} errors={p.errors} required minlength={3} maxlength={32} autocomplete="off" spellcheck={false} placeholder="your-name" />
          <div class="field" data-field="content">
            <label for={fieldId("content")}>Paste it here</label>
            <textarea id={fieldId("content")} name="content" rows={8} class="mono" spellcheck={false} aria-describedby={`${fieldId("content")}-err`} aria-invalid={error ? "true" : undefined}>
              {p.content ?? ""}
            </textarea>
            <label for="f-file">…or upload the file</label>
            <input id="f-file" type="file" name="file" accept=".json,.html,.htm,application/json,text/html" />
            <p class="field-error" id={`${fieldId("content")}-err`} hidden={!error}>{error ?? ""}</p>
          </div>
          <button type="submit" name="step" value="preview" class="btn btn-primary">Preview</button>
        </form>
      </section>
    </DashShell>
  );
}

function Preview(p: ImportProps & { preview: NonNullable<ImportProps["preview"]> }) {
  const { page, dropped } = p.preview;
  return (
    <section class="card" aria-labelledby="preview-h">
      <h2 id="preview-h">Preview: {page.slug}</h2>
      <p>
        <strong dir="auto">{page.displayName}</strong>
      </p>
      {page.bio ? <p dir="auto" class="muted">{page.bio}</p> : null}
      <h3>{page.links.length} link(s)</h3>
      <ol>
        {page.links.map((l) => (
          <li>
            <span dir="auto">{l.title}</span> — <span class="mono">{l.url}</span>
            {l.enabled === false ? " (hidden)" : ""}
          </li>
        ))}
      </ol>
      {dropped.length ? (
        <>
          <h3>Not imported ({dropped.length})</h3>
          <ul data-dropped>
            {dropped.map((d) => (
              <li>
                <span dir="auto">{d.what}</span> <span class="mono muted">({d.where})</span>: {d.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <form method="post" action="/dashboard/import" enctype="multipart/form-data">
        <input type="hidden" name="source" value={p.source} />
        <input type="hidden" name="slug" value={page.slug} />
        <textarea name="content" hidden>{p.content ?? ""}</textarea>
        <button type="submit" name="step" value="confirm" class="btn btn-primary">Create this page</button>
      </form>
      <p class="muted">Nothing is saved until you create the page.</p>
    </section>
  );
}
