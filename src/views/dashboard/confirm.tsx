import type { Child } from "hono/jsx";
import { DashShell } from "./shell";

/**
 * The no-JavaScript confirmation step of a destructive button: its form posted without `confirm=yes`
 * lands here, and this page posts it again with it. (With JavaScript, dash.js asks in a dialog.)
 */
function ConfirmPage(p: { email: string; title: string; children: Child; action: string; fields: Record<string, string>; confirmLabel: string; cancelHref: string }) {
  return (
    <DashShell title={p.title} email={p.email} active="pages">
      <div class="narrow">
        <section class="card card-danger confirm" aria-labelledby="confirm-h">
          <h1 id="confirm-h">{p.title}</h1>
          <p>{p.children}</p>
          <form method="post" action={p.action} class="confirm-actions">
            {Object.entries(p.fields).map(([name, value]) => (
              <input type="hidden" name={name} value={value} />
            ))}
            <input type="hidden" name="confirm" value="yes" />
            <button type="submit" class="btn btn-danger">{p.confirmLabel}</button>
            <a class="btn" href={p.cancelHref}>Cancel</a>
          </form>
        </section>
      </div>
    </DashShell>
  );
}

export function ConfirmRemoveSubscriber(p: { email: string; slug: string; subscriber: string; action: string; back: Record<string, string>; cancelHref: string }) {
  return (
    <ConfirmPage email={p.email} title="Remove this subscriber?" action={p.action} fields={{ email: p.subscriber, ...p.back }} confirmLabel="Remove subscriber" cancelHref={p.cancelHref}>
      Remove <strong class="wrap">{p.subscriber}</strong> from the subscribers of <span class="mono">/{p.slug}</span>? The address is deleted at once; this cannot be undone.
    </ConfirmPage>
  );
}

export function ConfirmDeleteWebhook(p: { email: string; url: string; action: string; cancelHref: string }) {
  return (
    <ConfirmPage email={p.email} title="Delete this webhook?" action={p.action} fields={{}} confirmLabel="Delete webhook" cancelHref={p.cancelHref}>
      Stop sending events to <strong class="mono wrap">{p.url}</strong> and delete its delivery log? Events still queued for it are dropped. This cannot be undone.
    </ConfirmPage>
  );
}

export function ConfirmRevokeKey(p: { email: string; name: string; action: string }) {
  return (
    <ConfirmPage email={p.email} title="Revoke this API key?" action={p.action} fields={{}} confirmLabel="Revoke key" cancelHref="/dashboard/account">
      Revoke the key <strong class="wrap">{p.name}</strong>? Scripts using it stop working at once, and any live connection it opened is closed. This
      cannot be undone.
    </ConfirmPage>
  );
}
