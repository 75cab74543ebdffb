import { UNCONFIRMED_SIGNUP_TTL_DAYS } from "../../lib/policy";
import { Field, type FieldErrors } from "./fields";

export interface SignupSettings {
  enabled: boolean;
  heading?: string;
  buttonText?: string;
  /** Double opt-in (undefined: on). */
  confirm?: boolean;
}

/** The form's settings for a pro page, beside a preview of the page (its form drawn inert). */
export function SignupSettingsCard(p: { slug: string; displayName: string; saved: SignupSettings; form?: SignupSettings & { errors: FieldErrors } }) {
  const v = p.form ?? p.saved;
  const errors = p.form?.errors ?? {};
  const defaultHeading = `Get updates from ${p.displayName}`;
  return (
    <section class="card" aria-labelledby="signup-h" id="signup">
      <div class="card-head">
        <h2 id="signup-h">Email signup form</h2>
        <span class={`badge ${p.saved.enabled ? "badge-on" : ""}`} data-signup-state>{p.saved.enabled ? "On" : "Off"}</span>
      </div>
      <div class="signup-grid">
        <form method="post" action={`/dashboard/pages/${p.slug}/pro/signup`} class="stack" data-signup-form>
          <p class="muted">
            Visitors of your page can leave their email address. It works without JavaScript, keeps bots out with a hidden field and rate limits, and tells visitors their address goes to you only.
          </p>
          <div class="switch-row">
            <label class="switch switch-big">
              <input type="checkbox" name="enabled" checked={v.enabled} aria-describedby={errors.enabled ? "f-enabled-err" : undefined} aria-invalid={errors.enabled ? "true" : undefined} data-signup-enabled />
              <span class="switch-track" aria-hidden="true"></span>
              <span>Show the signup form on my page</span>
            </label>
            <p class="field-error" id="f-enabled-err" hidden={!errors.enabled}>{errors.enabled ?? ""}</p>
          </div>
          <Field name="heading" label="Heading" value={v.heading} errors={errors} maxlength={100} placeholder={defaultHeading} hint={<>Leave empty for “{defaultHeading}”.</>} />
          <Field name="buttonText" label="Button text" value={v.buttonText} errors={errors} maxlength={40} placeholder="Subscribe" hint="Leave empty for “Subscribe”." />
          <fieldset class="stack" data-signup-confirm>
            <legend>Confirmation email</legend>
            <label>
              <input type="radio" name="confirm" value="on" checked={v.confirm !== false} /> Ask new subscribers to confirm by email (recommended)
            </label>
            <label>
              <input type="radio" name="confirm" value="off" checked={v.confirm === false} /> Add addresses at once, without confirming
            </label>
            <p class="hint">
              With confirmation, an address reaches your list (and your webhooks) only after its owner confirms it from our email, so nobody can sign
              up someone else; unconfirmed addresses are deleted after {UNCONFIRMED_SIGNUP_TTL_DAYS} days.
            </p>
          </fieldset>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary">Save signup form</button>
          </div>
        </form>
        <figure class="signup-preview">
          <div class="phone phone-mini">
            <iframe src={`/dashboard/pages/${p.slug}/preview`} title="Preview of your public page with its signup form" class="phone-screen" data-signup-preview loading="lazy"></iframe>
          </div>
          <figcaption class="hint" data-signup-preview-note>
            Preview of the saved page. The form here is only a picture: it signs no one up.
          </figcaption>
        </figure>
      </div>
    </section>
  );
}

/** What a free owner sees: what the form does and that it is part of Pro. No controls that can't work. */
export function SignupUpsell(p: { hasSubscribers: boolean; error?: string }) {
  return (
    <section class="card card-pro" aria-labelledby="signup-h" id="signup">
      <div class="card-head">
        <h2 id="signup-h">Email signup form</h2>
        <span class="badge badge-pro">Pro feature</span>
      </div>
      {p.error ? <p class="field-error" role="alert">{p.error}</p> : null}
      <p>With Pro, your page can collect email addresses from its visitors — no third-party script, no tracking:</p>
      <ul class="checklist">
        <li>a signup form under your links, with your own heading and button text, that works without JavaScript;</li>
        <li>your subscribers listed here, newest first, with a CSV download for your newsletter tool;</li>
        <li>webhooks: a signed call to your own tools on every signup, page save and batch of new clicks;</li>
        <li>countries and referring sites in your click analytics.</li>
      </ul>
      <p class="muted">
        This page is on the Free plan, so it shows no form and collects no email. Pro is switched on per account by the MeLinks operator.
        {p.hasSubscribers ? " Subscribers collected while the page was Pro stay yours: they are listed below." : ""}
      </p>
    </section>
  );
}
