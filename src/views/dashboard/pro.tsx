import type { NewWebhook } from "../../actions/create-webhook";
import type { SubscriberPage, Webhook } from "../../routes/dashboard/pro-data";
import { MAX_WEBHOOKS_PER_PAGE } from "../../webhooks/policy";
import { SignupSettingsCard, SignupUpsell, type SignupSettings } from "./pro-signup";
import { SubscribersCard } from "./pro-subscribers";
import { AddWebhookForm, NewWebhookSecret, WebhookList, WebhooksUpsell, type WebhookFormValues } from "./pro-webhooks";
import type { FieldErrors } from "./fields";
import { DashShell, Flash, ViewPageLink } from "./shell";

export interface ProProps {
  email: string;
  origin: string;
  slug: string;
  displayName: string;
  plan: "free" | "pro";
  /** The saved settings. */
  signup: SignupSettings;
  /** What was posted, when it was refused. */
  signupForm?: SignupSettings & { errors: FieldErrors };
  subscribers: SubscriberPage;
  subscriberQuery?: { before?: string; after?: string };
  webhooks: Webhook[];
  webhookForm?: WebhookFormValues;
  newWebhook?: NewWebhook;
  /** A test event just queued: dash-pro.js watches for its delivery. */
  tested?: { messageId: string; webhookId: string };
  flash?: { kind?: "ok" | "error"; text: string };
  /** Development: webhooks may also point at http://localhost (webhooks/url-rules.ts). */
  localWebhooks?: boolean;
}

/** /dashboard/pages/{slug}/pro: the email signup form, its subscribers, and the page's webhooks. */
export function ProPage(p: ProProps) {
  const pro = p.plan === "pro";
  const showSubscribers = pro || p.subscribers.total > 0;
  const testedHook = pro && p.tested ? p.webhooks.find((w) => w.id === p.tested!.webhookId) : undefined;
  return (
    <DashShell
      title={`Signups & webhooks · ${p.displayName}`}
      email={p.email}
      active="pages"
      styles={["dash-pro.css"]}
      scripts={["dash-pro.js"]}
      data={{ slug: p.slug, tested: testedHook ? p.tested : null }}
    >
      <div class="page-head page-head-row">
        <div>
          <p class="crumbs">
            <a href="/dashboard">Pages</a> <span aria-hidden="true">/</span> <a href={`/dashboard/pages/${p.slug}`} class="mono">{p.slug}</a>
          </p>
          <h1>Signups &amp; webhooks</h1>
        </div>
        <div class="head-actions">
          <a class="btn btn-sm" href={`/dashboard/pages/${p.slug}`}>Edit page</a>
          <ViewPageLink slug={p.slug} />
        </div>
      </div>
      {p.flash ? <Flash kind={p.flash.kind}>{p.flash.text}</Flash> : null}
      <nav class="jump" aria-label="On this page">
        <a href="#signup">Signup form{pro ? "" : " (Pro)"}</a>
        {showSubscribers ? <a href="#subscribers">Subscribers · {p.subscribers.total}</a> : null}
        <a href="#webhooks">Webhooks{pro ? "" : " (Pro)"} · {p.webhooks.length}</a>
      </nav>

      {pro ? (
        <SignupSettingsCard slug={p.slug} displayName={p.displayName} saved={p.signup} form={p.signupForm} />
      ) : (
        <SignupUpsell hasSubscribers={p.subscribers.total > 0} error={p.signupForm?.errors.enabled} />
      )}
      {showSubscribers ? <SubscribersCard slug={p.slug} page={p.subscribers} query={p.subscriberQuery ?? {}} formOn={pro && p.signup.enabled} /> : null}

      {/* Webhooks are Pro (webhooks/policy.ts): a free page lists and deletes what it kept, and adds or tests nothing. */}
      <section class={`card ${pro ? "" : "card-pro"}`} aria-labelledby="webhooks-h" id="webhooks">
        <div class="card-head">
          <h2 id="webhooks-h">Webhooks</h2>
          {pro ? <span class="muted">{p.webhooks.length} of {MAX_WEBHOOKS_PER_PAGE}</span> : <span class="badge badge-pro">Pro feature</span>}
        </div>
        <p class="muted">
          Let your own tools hear what happens on this page: we POST each event to your URL as JSON, signed the{" "}
          <a href="https://www.standardwebhooks.com/" rel="noopener noreferrer">Standard Webhooks</a> way, and retry for about a day if it fails.
          Payloads are described in the <a href="/docs/api">API reference</a>.
        </p>
        {p.newWebhook ? <NewWebhookSecret hook={p.newWebhook} slug={p.slug} /> : null}
        {testedHook ? (
          <p class="flash flash-ok" role="status" data-test-status>
            Test event sent to <span class="mono wrap">{testedHook.url}</span>. It shows in the delivery log below within a few seconds
            <span data-no-js> — <a href={`/dashboard/pages/${p.slug}/pro?tested=${encodeURIComponent(p.tested!.messageId)}&hook=${encodeURIComponent(testedHook.id)}#wh-${testedHook.id}`}>reload</a> to see it</span>.
          </p>
        ) : null}
        {pro || p.webhooks.length ? <WebhookList slug={p.slug} webhooks={p.webhooks} pro={pro} /> : null}
        {pro ? (
          <AddWebhookForm slug={p.slug} values={p.webhookForm} full={p.webhooks.length >= MAX_WEBHOOKS_PER_PAGE} local={p.localWebhooks} />
        ) : (
          <WebhooksUpsell kept={p.webhooks.length} />
        )}
      </section>
    </DashShell>
  );
}
