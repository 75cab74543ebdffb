import type { EditorDraft } from "../../routes/dashboard/editor-form";
import { AppearanceEditor } from "./appearance";
import { LinksEditor } from "./editor-links";
import { SocialsEditor } from "./editor-socials";
import { PLATFORM_NAMES } from "../../schemas/platforms";
import { Field, type FieldErrors } from "./fields";
import type { ProSummary } from "../../routes/dashboard/pro-data";
import { PhotoPanel } from "./photo";
import { RenamePanel } from "./rename";
import { DangerZone, ProSummaryCard, SharePanel } from "./share";
import { DashShell, Flash, ViewPageLink } from "./shell";
import { UnclaimedPanel } from "./unclaimed";

export interface EditorProps {
  email: string | null;
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
  /** A page edited without an account: when it expires, and its claim token on the first view only. */
  unclaimed?: { expiresAt: string; token?: string };
  /** The saved profile photo (GET only: the photo forms are separate from the editor form). */
  avatar?: { url: string; width: number; height: number } | null;
  /** The change-address form after a refused attempt: what was typed and why not. */
  rename?: { value: string; error: string };
}

/** /dashboard/pages/{slug}: the page editor with its live preview. One form; works without JS. */
export function EditorPage(p: EditorProps) {
  const publicUrl = `${p.origin}/${p.slug}`;
  const account = p.email !== null; // without one, account-only parts (Pro, delete from the list) are left out
  const errorCount = Object.keys(p.errors).length;
  return (
    <DashShell title={`Edit ${p.draft.displayName || p.slug}`} email={p.email} active="pages" scripts={["dash-editor.js", "dash-editor-save.js", "dash-preview.js", "dash-photo.js"]} data={{ slug: p.slug, etag: p.etag, theme: p.themeData, platforms: PLATFORM_NAMES }}>
      <div class="page-head page-head-row">
        <div>
          <p class="crumbs">
            {account ? (
              <>
                <a href="/dashboard">Pages</a> <span aria-hidden="true">/</span>{" "}
              </>
            ) : null}
            <span class="mono">{p.slug}</span>
          </p>
          <h1 dir="auto">{p.draft.displayName || p.slug}</h1>
        </div>
        <div class="head-actions">
          <a class="btn btn-sm" href={`/dashboard/pages/${p.slug}/analytics`}>Analytics</a>
          {account ? <a class="btn btn-sm" href={`/dashboard/pages/${p.slug}/pro`}>Signups &amp; webhooks</a> : null}
          <ViewPageLink slug={p.slug} />
        </div>
      </div>
      {p.flash ? <Flash kind={p.flash.kind}>{p.flash.text}</Flash> : null}
      {p.unclaimed ? <UnclaimedPanel slug={p.slug} {...p.unclaimed} /> : null}
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
            <SocialsEditor socials={p.draft.socials} position={p.draft.socialsPosition} errors={p.errors} />
            <LinksEditor links={p.draft.links} errors={p.errors} />
            <AppearanceEditor theme={p.draft.theme} errors={p.errors} />
            <div class="savebar">
              <p class="save-status" data-save-status aria-live="polite">
                {p.conflict ? "Not saved." : errorCount ? "Not saved: please fix the highlighted fields." : "All changes saved."}
              </p>
              <span class="head-actions">
                <a class="btn preview-jump" href="#preview-h">Preview</a>
                <button type="submit" name="op" value="save" class="btn btn-primary" data-save>
                  Save changes
                </button>
              </span>
            </div>
          </form>
          {p.avatar !== undefined ? <PhotoPanel slug={p.slug} initial={(Array.from(p.draft.displayName)[0] ?? "?").toUpperCase()} avatar={p.avatar} /> : null}
          <SharePanel slug={p.slug} url={publicUrl} />
          <RenamePanel slug={p.slug} origin={p.origin} etag={p.etag} value={p.rename?.value} error={p.rename?.error} />
          {account ? <ProSummaryCard slug={p.slug} plan={p.plan} summary={p.pro} /> : null}
          {account ? <DangerZone slug={p.slug} mismatch={p.deleteMismatch} /> : null}
        </div>
        <aside class="editor-preview" aria-labelledby="preview-h">
          <div class="preview-sticky">
            <h2 id="preview-h" class="preview-title">
              Preview <span class="muted preview-note" data-preview-note>saved version</span>
            </h2>
            <div class="phone">
              <iframe src={`/dashboard/pages/${p.slug}/preview`} name="preview-frame" title="Preview of your public page" class="phone-screen" data-preview loading="eager"></iframe>
            </div>
          </div>
          {/* The editor script posts the unsaved draft here: the frame shows it through the real public renderer. */}
          <form method="post" action={`/dashboard/pages/${p.slug}/preview`} target="preview-frame" data-preview-form hidden>
            <input type="hidden" name="draft" value="" />
          </form>
        </aside>
      </div>
    </DashShell>
  );
}
