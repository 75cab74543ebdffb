import { UNCONFIRMED_SIGNUP_TTL_DAYS } from "../lib/policy";
import { Layout } from "./layout";

// The pages a signup mail's links open. GET pages only show a button: mail scanners open links,
// and only a person's POST confirms or removes (docs/storage.md#subscribers--email-signups-0004).

export function ConfirmSignupPage(p: { email: string; slug: string; token: string }) {
  return (
    <Layout title="Confirm your subscription | MeLinks" noindex>
      <div class="card">
        <h1>Get updates from /{p.slug}?</h1>
        <p>
          Confirm that <strong>{p.email}</strong> may be shared with the owner of <a href={`/${p.slug}`}>/{p.slug}</a>, who will send you updates.
        </p>
        <form method="post" action="/signup/confirm">
          <input type="hidden" name="token" value={p.token} />
          <button type="submit">Confirm my subscription</button>
        </form>
        <p class="muted">Didn't ask for this? Close this page: the address is deleted within {UNCONFIRMED_SIGNUP_TTL_DAYS} days and never shared.</p>
      </div>
    </Layout>
  );
}

export function SignupConfirmedPage(p: { slug: string; token: string; already?: boolean }) {
  return (
    <Layout title="Subscribed | MeLinks" noindex>
      <div class="card" role="status">
        <h1>{p.already ? "You're already on the list" : "You're subscribed"}</h1>
        <p>
          The owner of <a href={`/${p.slug}`}>/{p.slug}</a> can now send you updates. Changed your mind? <a href={`/signup/remove?token=${encodeURIComponent(p.token)}`}>Remove my address</a>.
        </p>
      </div>
    </Layout>
  );
}

export function SignupLinkDeadPage(p: { reason: "unknown" | "expired" }) {
  return (
    <Layout title="Link no longer works | MeLinks" noindex>
      <div class="card">
        <h1>{p.reason === "expired" ? "This confirmation link has expired" : "This link no longer works"}</h1>
        <p>
          Confirmation links work until the address is confirmed or removed, for {UNCONFIRMED_SIGNUP_TTL_DAYS} days at most; a newer
          confirmation email replaces an older one. To subscribe, sign up on the page again.
        </p>
      </div>
    </Layout>
  );
}

export function RemoveSignupPage(p: { email: string; slug: string; token: string }) {
  return (
    <Layout title="Remove my address | MeLinks" noindex>
      <div class="card">
        <h1>Remove {p.email} from /{p.slug}?</h1>
        <form method="post" action="/signup/remove">
          <input type="hidden" name="token" value={p.token} />
          <button type="submit">Remove my address</button>
        </form>
        <p class="muted">It is deleted at once: the page's owner no longer gets it, and we keep no copy.</p>
      </div>
    </Layout>
  );
}

/** Said after any removal POST, and for a link whose address is gone already: the outcome is the same. */
export function SignupRemovedPage() {
  return (
    <Layout title="Address removed | MeLinks" noindex>
      <div class="card" role="status">
        <h1>Your address is removed</h1>
        <p>It is no longer on this list, and we keep no copy. You'll get no more email about it from us.</p>
      </div>
    </Layout>
  );
}
