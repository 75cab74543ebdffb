import { Layout } from "./layout";

export function LoginPage(props: { next?: string; error?: string; email?: string; signedOut?: "here" | "everywhere" }) {
  return (
    <Layout title="Sign in | MeLinks" noindex>
      <div class="card">
        {props.signedOut ? (
          <p role="status">
            <strong>{props.signedOut === "everywhere" ? "You're signed out on all your devices." : "You're signed out."}</strong>
          </p>
        ) : null}
        <h1>Sign in to MeLinks</h1>
        <p>We'll email you a link that signs you in — no password to remember.</p>
        <form method="post" action="/login">
          <label for="email">Email address</label>
          <input id="email" name="email" type="email" autocomplete="email" required maxlength={254} value={props.email ?? ""} aria-describedby={props.error ? "email-error" : undefined} />
          {props.error ? <p id="email-error" class="error" role="alert">{props.error}</p> : null}
          {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
          <button type="submit">Email me a sign-in link</button>
        </form>
        <p class="muted">We use your address only to sign you in and for service notices. <a href="/privacy">Privacy</a></p>
      </div>
    </Layout>
  );
}

export function CheckEmailPage(props: { email: string; devOutbox: boolean }) {
  return (
    <Layout title="Check your email | MeLinks" noindex>
      <div class="card" role="status">
        <h1>Check your email</h1>
        <p>
          If <strong>{props.email}</strong> can receive mail, a sign-in link is on its way. It works once, for 15 minutes.
        </p>
        {props.devOutbox ? (
          <p>
            Development mode: no mail is really sent. Open the <a href="/dev/outbox">dev outbox</a> to find the link.
          </p>
        ) : null}
      </div>
    </Layout>
  );
}

export function ConfirmSignInPage(props: { email: string; token: string; next?: string }) {
  return (
    <Layout title="Sign in | MeLinks" noindex>
      <div class="card">
        <h1>Sign in as {props.email}?</h1>
        <form method="post" action="/auth/verify">
          <input type="hidden" name="token" value={props.token} />
          {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
          <button type="submit">Sign in as {props.email}</button>
        </form>
        <p class="muted">Not you, or didn't ask to sign in? Close this page — nothing happens.</p>
      </div>
    </Layout>
  );
}

export function LinkExpiredPage(props: { reason: "expired" | "unknown_or_used" }) {
  return (
    <Layout title="Link expired | MeLinks" noindex>
      <div class="card">
        <h1>{props.reason === "expired" ? "This sign-in link has expired" : "This sign-in link was already used"}</h1>
        <p>Sign-in links work once, for 15 minutes. Ask for a new one:</p>
        <p>
          <a class="button" href="/login">Get a new sign-in link</a>
        </p>
      </div>
    </Layout>
  );
}

/** POST /auth/verify sent from another site's page (login CSRF): refused, in words, with the way in. */
export function SignInRefusedPage() {
  return (
    <Layout title="Sign-in refused | MeLinks" noindex>
      <div class="card">
        <h1>This sign-in didn't come from MeLinks</h1>
        <p>
          Another website tried to sign this browser in. We refused, so nothing changed. To sign in, open the link from
          your email, or ask for a new one:
        </p>
        <p>
          <a class="button" href="/login">Sign in</a>
        </p>
      </div>
    </Layout>
  );
}
