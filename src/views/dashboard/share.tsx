import { RELEASED_SLUG_HOLD_DAYS } from "../../lib/policy";
import type { ProSummary } from "../../routes/dashboard/pro-data";
import { CopyField } from "./fields";

/** Share: the public address with a copy button, and its QR code (SVG and PNG made by us, downloadable). */
export function SharePanel(p: { slug: string; url: string }) {
  return (
    <section class="card" aria-labelledby="share-h" id="share">
      <h2 id="share-h">Share</h2>
      <div class="share">
        <div class="share-url">
          <CopyField id="share-url-input" label="Your page's address" value={p.url} />
        </div>
        <figure class="qr">
          <img src={`/dashboard/pages/${p.slug}/qr.svg`} width="148" height="148" alt={`QR code that opens ${p.url}`} />
          <figcaption>
            <a class="btn btn-sm" href={`/dashboard/pages/${p.slug}/qr.svg?download=1`} download={`melinks-${p.slug}-qr.svg`}>
              Download QR (SVG)
            </a>{" "}
            <a class="btn btn-sm" href={`/dashboard/pages/${p.slug}/qr.png?download=1`} download={`melinks-${p.slug}-qr.png`}>
              Download QR (PNG)
            </a>
          </figcaption>
        </figure>
      </div>
    </section>
  );
}

/** The editor's door to /dashboard/pages/{slug}/pro: where the signup form, subscribers and webhooks live. */
export function ProSummaryCard(p: { slug: string; plan: "free" | "pro"; summary?: ProSummary }) {
  const s = p.summary;
  const pro = p.plan === "pro";
  return (
    <section class="card card-pro" aria-labelledby="pro-h" id="pro" data-pro-slot={p.slug}>
      <div class="card-head">
        <h2 id="pro-h">Signups &amp; webhooks</h2>
        <span class={`badge ${pro ? "badge-pro" : ""}`}>{pro ? "Pro" : "Free plan"}</span>
      </div>
      {s ? (
        <dl class="facts">
          <div><dt>Signup form</dt><dd>{pro ? (s.signupOn ? "On" : "Off") : "Pro feature"}</dd></div>
          <div><dt>Subscribers</dt><dd>{s.subscribers}</dd></div>
          <div>
            <dt>Webhooks</dt>
            <dd>
              {pro || s.webhooks ? s.webhooks : "Pro feature"}
              {pro && s.disabledWebhooks ? <span class="warn-text"> ({s.disabledWebhooks} disabled)</span> : null}
              {!pro && s.webhooks ? <span class="warn-text"> (sending nothing: Pro feature)</span> : null}
            </dd>
          </div>
        </dl>
      ) : null}
      <p class="muted">
        {pro
          ? "Collect visitors' emails with a form on your page, download them as CSV, and send events to your own tools with signed webhooks."
          : "With Pro, your page can collect visitors' emails with a signup form and send events to your own tools with signed webhooks."}
      </p>
      <a class="btn btn-sm" href={`/dashboard/pages/${p.slug}/pro`}>
        Manage signups &amp; webhooks <span aria-hidden="true">→</span>
      </a>
    </section>
  );
}

export function DangerZone(p: { slug: string; mismatch?: boolean }) {
  return (
    <section class="card card-danger" aria-labelledby="danger-h" id="danger">
      <h2 id="danger-h">Delete this page</h2>
      <p>
        Deleting removes the page, its links, all its click analytics and any collected emails, at once. The address stays reserved for you for {RELEASED_SLUG_HOLD_DAYS} days, then becomes free for anyone.
      </p>
      <form method="post" action={`/dashboard/pages/${p.slug}/delete`} class="stack" data-confirm-form={p.slug}>
        <div class="field">
          <label for="delete-confirm">
            Type <span class="mono">{p.slug}</span> to confirm
          </label>
          <input id="delete-confirm" name="confirm" type="text" autocomplete="off" spellcheck={false} required aria-describedby={p.mismatch ? "delete-err" : undefined} aria-invalid={p.mismatch ? "true" : undefined} />
          {p.mismatch ? (
            <p class="field-error" id="delete-err" role="alert">
              That doesn't match the page's address; nothing was deleted.
            </p>
          ) : null}
        </div>
        <button type="submit" class="btn btn-danger" data-confirm-button>
          Delete page permanently
        </button>
      </form>
    </section>
  );
}
