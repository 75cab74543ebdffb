/** Share: the public address with a copy button, and its QR code (SVG made by us, downloadable). */
export function SharePanel(p: { slug: string; url: string }) {
  return (
    <section class="card" aria-labelledby="share-h" id="share">
      <h2 id="share-h">Share</h2>
      <div class="share">
        <div class="share-url">
          <label for="share-url-input">Your page's address</label>
          <div class="copy-row">
            <input id="share-url-input" type="text" readonly value={p.url} class="mono" />
            <button type="button" class="btn btn-sm" data-copy="#share-url-input" data-js-only hidden>
              Copy
            </button>
          </div>
          <p class="copy-status hint" data-copy-status aria-live="polite"></p>
        </div>
        <figure class="qr">
          <img src={`/dashboard/pages/${p.slug}/qr.svg`} width="148" height="148" alt={`QR code that opens ${p.url}`} />
          <figcaption>
            <a class="btn btn-sm" href={`/dashboard/pages/${p.slug}/qr.svg?download=1`} download={`melinks-${p.slug}-qr.svg`}>
              Download QR (SVG)
            </a>
          </figcaption>
        </figure>
      </div>
    </section>
  );
}

/**
 * Pro (issue 7): email-signup form settings, subscribers (with CSV) and webhooks are being built
 * separately; they mount here. Nothing in this section acts yet.
 */
export function ProPlaceholder(p: { slug: string; plan: "free" | "pro" }) {
  return (
    <section class="card card-pro" aria-labelledby="pro-h" id="pro" data-pro-slot={p.slug}>
      <div class="card-head">
        <h2 id="pro-h">Pro</h2>
        <span class={`badge ${p.plan === "pro" ? "badge-pro" : ""}`}>{p.plan === "pro" ? "Your plan: Pro" : "Free plan"}</span>
      </div>
      <p class="muted">Email signup form, subscribers with CSV download, and webhooks — coming to this page soon.</p>
    </section>
  );
}

export function DangerZone(p: { slug: string; mismatch?: boolean }) {
  return (
    <section class="card card-danger" aria-labelledby="danger-h" id="danger">
      <h2 id="danger-h">Delete this page</h2>
      <p>
        Deleting removes the page, its links, all its click analytics and any collected emails, at once. The address becomes free for anyone.
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
