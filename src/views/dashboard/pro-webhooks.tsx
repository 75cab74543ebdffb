import type { NewWebhook } from "../../actions/create-webhook";
import type { Webhook } from "../../routes/dashboard/pro-data";
import { WEBHOOK_EVENTS } from "../../schemas/webhooks";
import { DELIVERIES_KEPT, MAX_WEBHOOKS_PER_PAGE } from "../../webhooks/policy";
import { CopyField, Field, type FieldErrors } from "./fields";
import { LocalTime } from "./time";

export const EVENT_TEXT: Record<(typeof WEBHOOK_EVENTS)[number], string> = {
  "subscriber.created": "Someone signs up with your page's form",
  "page.updated": "The page is saved: profile, links, theme or settings",
  "clicks.flushed": "New clicks are counted (in batches, every few seconds while people click)",
};

export interface WebhookFormValues {
  url: string;
  events: string[];
  errors: FieldErrors;
}

/** Add an endpoint: URL and events. Pro pages only: a free page gets WebhooksUpsell instead. */
export function AddWebhookForm(p: { slug: string; values?: WebhookFormValues; full: boolean; local?: boolean }) {
  const checked = p.values?.events ?? ["subscriber.created"];
  const eventsError = p.values?.errors.events;
  if (p.full) return <p class="muted">This page has {MAX_WEBHOOKS_PER_PAGE} webhooks, the most a page can have. Delete one to add another.</p>;
  return (
    <form method="post" action={`/dashboard/pages/${p.slug}/pro/webhooks`} class="add-webhook" aria-labelledby="add-wh-h">
      <h3 id="add-wh-h">Add a webhook</h3>
      <Field name="url" id="wh-url" label="Endpoint URL" value={p.values?.url} errors={p.values?.errors} type="url" inputmode="url" required maxlength={2048} spellcheck={false} autocomplete="off" placeholder="https://example.com/hooks/melinks" hint={`We POST each event there as JSON, signed. It must use https${p.local ? " (here, in development, http://localhost works too)" : ""}.`} />
      <fieldset class="field events" aria-describedby={eventsError ? "wh-events-err" : undefined}>
        <legend>Send these events</legend>
        {WEBHOOK_EVENTS.map((e) => (
          <label class="check">
            <input type="checkbox" name="events" value={e} checked={checked.includes(e)} />
            <span>
              <span class="mono">{e}</span>
              <span class="check-hint">{EVENT_TEXT[e]}</span>
            </span>
          </label>
        ))}
        <p class="field-error" id="wh-events-err" hidden={!eventsError}>{eventsError ?? ""}</p>
      </fieldset>
      <button type="submit" class="btn btn-primary">Add webhook</button>
    </form>
  );
}

/**
 * What a free owner sees instead of the add form: that webhooks are part of Pro. No controls that
 * can't work; webhooks kept from Pro times are listed above it, receive nothing, and can be deleted.
 */
export function WebhooksUpsell(p: { kept: number }) {
  return (
    <p class="muted" data-webhooks-upsell>
      Webhooks are part of Pro. This page is on the Free plan, so it can't add webhooks or send events to them.
      {p.kept ? " The webhooks above were set up while the page was Pro: they receive no events now, and you can delete them." : ""}{" "}
      Pro is switched on per account by the MeLinks operator.
    </p>
  );
}

/** The signing secret, once: right after the endpoint was added. */
export function NewWebhookSecret(p: { hook: NewWebhook; slug: string }) {
  return (
    <div class="new-key new-secret" role="status" id="new-secret" tabindex={-1} data-replace-url={`/dashboard/pages/${encodeURIComponent(p.slug)}/pro`}>
      <p><strong>Webhook added for <span class="mono wrap">{p.hook.url}</span>.</strong></p>
      <p>This is its signing secret. <strong>Copy it now — you won't see it again:</strong> we show it only this once.</p>
      <CopyField id="new-secret-value" label="Signing secret" labelHidden selectOnFocus value={p.hook.secret} />
      <p class="hint">Check each delivery's <span class="mono">webhook-signature</span> header with it (Standard Webhooks). Lost it? Delete the webhook and add it again.</p>
    </div>
  );
}

const statusText = (d: Webhook["deliveries"][number]) => (d.status === null ? "—" : String(d.status));

function DeliveryRows(p: { rows: Webhook["deliveries"] }) {
  return (
    <>
      {p.rows.map((d) => (
        <tr data-message={d.messageId} class={d.ok ? "ok" : "bad"}>
          <td data-label="Time"><LocalTime iso={d.at} seconds /></td>
          <td data-label="Event" class="mono">{d.event}</td>
          <td data-label="Status"><span class={`pill ${d.ok ? "pill-ok" : "pill-bad"}`}>{statusText(d)}</span></td>
          <td data-label="Attempt" class="num">{d.attempt}</td>
          <td data-label="Result" class="wrap">{d.ok ? `Delivered in ${d.durationMs} ms` : d.error ?? "Failed"}</td>
        </tr>
      ))}
    </>
  );
}

function DeliveryLog(p: { hook: Webhook; pro: boolean }) {
  const d = p.hook.deliveries;
  if (!d.length) return <p class="empty-note">No deliveries yet.{p.pro ? " Send a test event to try the endpoint." : ""}</p>;
  return (
    <table class="log">
      <caption class="sr-only">Delivery log of {p.hook.url}, newest first</caption>
      <thead>
        <tr><th scope="col">Time</th><th scope="col">Event</th><th scope="col">Status</th><th scope="col" class="num">Attempt</th><th scope="col">Result</th></tr>
      </thead>
      <tbody>
        <DeliveryRows rows={d} />
      </tbody>
    </table>
  );
}

function WebhookItem(p: { slug: string; hook: Webhook; pro: boolean }) {
  const h = p.hook;
  const action = `/dashboard/pages/${p.slug}/pro/webhooks/${encodeURIComponent(h.id)}`;
  const disabled = h.state === "disabled";
  return (
    <li class={`webhook ${disabled ? "webhook-off" : ""}`} id={`wh-${h.id}`} tabindex={-1}>
      <div class="webhook-head">
        <p class="webhook-url mono wrap">{h.url}</p>
        <span class={`pill ${disabled ? "pill-bad" : "pill-ok"}`}>{disabled ? "Disabled" : "Active"}</span>
      </div>
      <p class="webhook-meta muted">
        {h.events.map((e) => <span class="chip mono">{e}</span>)}
        <span class="nowrap">added <LocalTime iso={h.createdAt} /></span>
      </p>
      {disabled ? (
        <div class="notice-bad" role="note">
          <strong>Deliveries stopped{h.disabledAt ? <> on <LocalTime iso={h.disabledAt} /></> : null}:</strong> {h.disabledReason ?? "the endpoint kept failing"}.
          {p.pro ? " Fix the endpoint, then send a test event: a successful delivery switches it back on." : null}
        </div>
      ) : null}
      <div class="webhook-actions">
        {p.pro ? (
          <form method="post" action={`${action}/test`}>
            <button type="submit" class={`btn btn-sm ${disabled ? "btn-primary" : ""}`}>{disabled ? "Send test event to re-enable" : "Send test event"}</button>
          </form>
        ) : null}
        <form method="post" action={`${action}/delete`} data-confirm-dialog={`Delete the webhook for ${h.url}? Its delivery log goes too, and queued events are dropped.`} data-confirm-label="Delete webhook">
          <input type="hidden" name="confirm" value="" />
          <button type="submit" class="btn btn-sm btn-danger-ghost">Delete<span class="sr-only"> webhook {h.url}</span></button>
        </form>
      </div>
      <h4 class="log-h">Recent deliveries <span class="muted">(last {DELIVERIES_KEPT} attempts, newest first)</span></h4>
      <DeliveryLog hook={h} pro={p.pro} />
    </li>
  );
}

/**
 * The list alone: also served as a fragment that dash-pro.js re-fetches while a test event travels.
 * On a free page (`pro` false) its webhooks are listed and deletable, with no test button.
 */
export function WebhookList(p: { slug: string; webhooks: Webhook[]; pro: boolean }) {
  return (
    <div data-webhook-list>
      {p.webhooks.length ? (
        <ul class="webhooks" aria-label="Webhooks">
          {p.webhooks.map((h) => <WebhookItem slug={p.slug} hook={h} pro={p.pro} />)}
        </ul>
      ) : (
        <p class="empty-note">No webhooks yet.</p>
      )}
    </div>
  );
}
