import type { EditorDraft } from "../../routes/dashboard/editor-form";
import { AppearanceEditor } from "./appearance";
import { LinksEditor } from "./editor-links";
import { Field, type FieldErrors } from "./fields";
import type { ProSummary } from "../../routes/dashboard/pro-data";
import { RenamePanel } from "./rename";
import { DangerZone, ProSummaryCard, SharePanel } from "./share";
import { DashShell, Flash, ViewPageLink } from "./shell";

export interface EditorProps {
  email: string;
  origin: string;
  slug: string;
  plan: "free" | "pro";
  etag: string;
  draft: EditorDraft;
  errors: FieldErrors;
  flash?: { kind?: "ok" | "error"; text: string };
  /** The page changed since this form was loaded (412). */
  conflict?: boolean;
  deleteMismatch?: boolean;
  /** Theme facts for the live preview and the contrast check (from link-page/themes.ts). */
  themeData: unknown;
  /** Signup form, subscriber and webhook counts (GET only). */
  pro?: ProSummary;
  /** The change-address form after a refused attempt: what was typed and why not. */
  rename?: { value: string; error: string };
}

/** /dashboard/pages/{slug}: the page editor with its live preview. One form; works without JS. */
export function EditorPage(p: EditorProps) {
  const publicUrl = `${p.origin}/${p.slug}`;
  const errorCount = Object.keys(p.errors).length;
  return (
    <DashShell title={`Edit ${p.draft.displayName || p.slug}`} email={p.email} active="pages" scripts={["dash-editor.js", "dash-editor-save.js", "dash-preview.js"]} data={{ slug: p.slug, etag: p.etag, theme: p.themeData }}>
      <div class="page-head page-head-row">
        <div>
          <p class="crumbs">
            <a href="/dashboard">Pages</a> <span aria-hidden="true">/</span> <span class="mono">{p.slug}</span>
          </p>
          <h1>{p.draft.displayName || p.slug}</h1>
        </div>
        <div class="head-actions">
          <a class="btn btn-sm" href={`/dashboard/pages/${p.slug}/analytics`}>Analytics</a>
          <a class="btn btn-sm" href={`/dashboard/pages/${p.slug}/pro`}>Signups &amp; webhooks</a>
          <ViewPageLink slug={p.slug} />
        </div>
      </div>
      {p.flash ? <Flash kind={p.flash.kind}>{p.flash.text}</Flash> : null}
      <div class="flash flash-error" role="alert" data-conflict hidden={!p.conflict}>
        <strong>This page was changed somewhere else</strong> (another tab or device) since you opened it, so your edit was not saved.{" "}
        <a href={`/dashboard/pages/${p.slug}`}>Load the latest version</a> and make your change again.
      </div>
      <div class="flash flash-error" role="alert" data-error-summary tabindex={-1} hidden={errorCount === 0 || p.conflict}>
        {errorCount === 1 ? "One field needs your attention." : `${errorCount} fields need your attention.`} Nothing was saved yet.
      </div>

      <div class="editor-grid">
        <div class="editor-main">
          <form method="post" action={`/dashboard/pages/${p.slug}`} class="editor-form" data-editor novalidate={false}>
            {/* Enter in a text field submits with the form's first submit button: make that Save. */}
            <button type="submit" name="op" value="save" class="sr-only" tabindex={-1} aria-hidden="true">Save</button>
            <input type="hidden" name="etag" value={p.etag} />
            <section class="card" aria-labelledby="profile-h">
              <h2 id="profile-h">Profile</h2>
              <Field name="displayName" label="Display name" value={p.draft.displayName} errors={p.errors} required maxlength={64} autocomplete="off" />
              <Field name="bio" label="Bio" value={p.draft.bio} errors={p.errors} maxlength={280} multiline hint="Up to 280 characters. Line breaks are kept." />
            </section>
            <LinksEditor links={p.draft.links} errors={p.errors} />
            <AppearanceEditor theme={p.draft.theme} errors={p.errors} />
            <div class="savebar">
              <p class="save-status" data-save-status aria-live="polite">
                {p.conflict ? "Not saved." : errorCount ? "Not saved: please fix the highlighted fields." : "All changes saved."}
              </p>
              <button type="submit" name="op" value="save" class="btn btn-primary" data-save>
                Save changes
              </button>
            </div>
          </form>
          <SharePanel slug={p.slug} url={publicUrl} />
          <RenamePanel slug={p.slug} origin={p.origin} etag={p.etag} value={p.rename?.value} error={p.rename?.error} />
          <ProSummaryCard slug={p.slug} plan={p.plan} summary={p.pro} />
          <DangerZone slug={p.slug} mismatch={p.deleteMismatch} />
        </div>
        <aside class="editor-preview" aria-labelledby="preview-h">
          <div class="preview-sticky">
            <h2 id="preview-h" class="preview-title">
              Preview <span class="muted preview-note" data-preview-note>saved version</span>
            </h2>
            <div class="phone">
              <iframe src={`/dashboard/pages/${p.slug}/preview`} title="Preview of your public page" class="phone-screen" data-preview loading="eager"></iframe>
            </div>
          </div>
        </aside>
      </div>
    </DashShell>
  );
}
