import { Layout } from "./layout";

/** A form post over a rate limit (docs/limits.md): what happened and when to try again, in words. */
export function TooManyRequestsPage(props: { detail: string; retryAfterS: number }) {
  return (
    <Layout title="Slow down | MeLinks" noindex>
      <div class="card" role="alert">
        <h1>That was a lot in a short time</h1>
        <p>{props.detail}</p>
        <p>Nothing from this last request was saved or sent. Wait {props.retryAfterS} seconds, then go back and send it again.</p>
        <p>
          <a href="/dashboard">Back to your dashboard</a>
        </p>
      </div>
    </Layout>
  );
}

/** A form post bigger than its route accepts (docs/limits.md#body-sizes). Nothing of it is shown back. */
export function TooLargePage(props: { maxKiB: number }) {
  return (
    <Layout title="Too much at once | MeLinks" noindex>
      <div class="card" role="alert">
        <h1>That form sent more than we accept</h1>
        <p>This form takes at most {props.maxKiB} KiB. Nothing was saved; shorten what you typed and send it again.</p>
        <p>
          <a href="/">Go to MeLinks</a>
        </p>
      </div>
    </Layout>
  );
}

/** A request refused for now (a click on a page at capacity, docs/performance.md#serving-10-the-per-do-click-rate): nothing of it is kept. */
export function BusyPage(props: { detail: string; retryAfterS: number }) {
  return (
    <Layout title="Busy | MeLinks" noindex>
      <div class="card" role="alert">
        <h1>This page is very busy right now</h1>
        <p>{props.detail}</p>
        <p>Nothing from this request was counted or saved. Wait {props.retryAfterS} seconds, then try again.</p>
      </div>
    </Layout>
  );
}

/** A form post another website sent from this browser (src/middleware/csrf.ts): refused, nothing changed. */
export function CrossSiteRefusedPage() {
  return (
    <Layout title="Form refused | MeLinks" noindex>
      <div class="card" role="alert">
        <h1>This form didn't come from MeLinks</h1>
        <p>
          Another website tried to send a form to MeLinks from this browser. We refused it, so nothing was created,
          changed or sent.
        </p>
        <p>If you meant to do this, open MeLinks yourself and send the form from there.</p>
        <p>
          <a class="button" href="/">Go to MeLinks</a>
        </p>
      </div>
    </Layout>
  );
}
