import { PRIVACY_FACTS } from "../lib/privacy-facts";
import { Layout } from "./layout";

const f = PRIVACY_FACTS;

/** /privacy in plain words; every fact below comes from the constants the code enforces. */
export function PrivacyPage(p: { contact: string }) {
  const mail = <a href={`mailto:${p.contact}`}>{p.contact}</a>;
  return (
    <Layout title="Privacy | MeLinks" description="Exactly what MeLinks collects, and what it never does.">
      <h1>Privacy at MeLinks</h1>
      <p class="muted">
        Last updated: <time datetime={f.lastUpdated}>{f.lastUpdated}</time>
      </p>
      <p>
        MeLinks exists so you can share your links without your visitors being tracked. Here is exactly what we
        collect. The same facts, machine-readable: <a href="/.well-known/privacy.json">/.well-known/privacy.json</a>.
        Questions and privacy requests: {mail}.
      </p>

      <h2>If you visit a MeLinks page</h2>
      <ul>
        <li>You get no cookie, and the page loads nothing from anyone else: no scripts, fonts, images or analytics.</li>
        <li>
          When you open a page, we count a view. A view stores only the {f.visitors.pageViews.stored.join(" and the ")}: nothing about
          you, no estimate of unique visitors, no hash of your address or browser. Counted: {f.visitors.pageViews.counted}.
        </li>
        <li>When you click a link, we count the click. On free pages we keep only: {f.visitors.clickAnalytics.free.join(" and ")}.</li>
        <li>On Pro pages we also keep: {f.visitors.clickAnalytics.pro.slice(2).join(", and the ")}. The referring site's domain is carried from the page to its links: {f.visitors.referrerCarriedTo}.</li>
        <li>We never store: {f.visitors.neverStored.join(", ")}.</li>
        <li>Views and clicks by known bots and link-preview fetchers are not counted.</li>
      </ul>

      <h2>If you have a MeLinks page</h2>
      <ul>
        <li>Your email address is {f.owners.email}.</li>
        <li>
          Signing in sets one cookie ({f.owners.sessionCookie.attributes.join("; ")}) that expires{" "}
          {f.owners.sessionCookie.lifetimeDays} days after sign-in.
        </li>
        <li>Sign-in links expire {f.owners.magicLinks.expireAfterMinutes} minutes after we send them and work once.</li>
        <li>We store {f.owners.secretsStoredOnlyAsSha256.join(", ")} only as SHA-256 hashes: a copy of our database reveals none of them.</li>
        <li>We keep {f.owners.secretsStoredReadable.join(", ")} readable: they are shown to you once and never listed again.</li>
        <li>A page made without an account is deleted after {f.owners.unclaimedPagesDeletedAfterDays} days unless someone signs in and claims it.</li>
        <li>You can export all data of a page, delete a page, or delete your whole account at any time. Deleting removes links, analytics and collected emails.</li>
        <li>Emails collected by a signup form on your page (Pro): {f.emailSignups}.</li>
      </ul>

      <h2>If you sign up for updates on a MeLinks page</h2>
      <ul>
        <li>
          Unless the page's owner switched it off, we send you one email asking you to confirm (double opt-in):{" "}
          {f.signupConfirmation.confirmationMail}. An address nobody confirms is deleted after {f.signupConfirmation.unconfirmedDeletedAfterDays} days.
        </li>
        <li>
          We send at most {f.signupConfirmation.confirmationMailsAtMost.perSignup} confirmation emails per signup, one every{" "}
          {f.signupConfirmation.confirmationMailsAtMost.oneEveryMinutes} minutes at most, and none to an address already on the list.
        </li>
        <li>Neither the form nor our API tells anyone whether an address was already on a list.</li>
        <li>You can remove yourself at any time: {f.signupConfirmation.oneClickRemoval}.</li>
      </ul>

      <h2>Your rights, and how to use them</h2>
      <ul>
        <li>
          <strong>Access</strong>: {f.rights.access}.
        </li>
        <li>
          <strong>Export</strong>: {f.rights.export}.
        </li>
        <li>
          <strong>Deletion</strong>: {f.rights.deletion}.
        </li>
        <li>
          <strong>Withdrawing consent</strong>: {f.rights.withdrawConsent}.
        </li>
        <li>For anything you cannot do yourself, or if you are a visitor or subscriber with a question, write to {mail}.</li>
      </ul>

      <h2>How long we keep it</h2>
      <ul>
        <li>Page views: {f.retention.viewBuffer}; {f.retention.viewAggregates}.</li>
        <li>Clicks: {f.retention.clickBuffer}; {f.retention.clickAggregates}.</li>
        <li>
          Pages and links: {f.retention.pageContent}. Email signups: {f.retention.emailSignups}; unconfirmed ones{" "}
          {f.retention.unconfirmedSignupsDays} days.
        </li>
        <li>Profile photos: {f.retention.profilePhotos}. They are served from our own address only.</li>
        <li>
          Sessions: {f.retention.sessionsDays} days. Sign-in links: {f.retention.magicLinksMinutes} minutes; the record that a link was
          sent to an address (for its rate limit): {f.retention.signInSendRecordsHours} hour.
        </li>
        <li>Pages nobody claimed: {f.retention.unclaimedPagesDays} days. Abuse reports: {f.retention.abuseReports}.</li>
        <li>
          The address of a page renamed or deleted (with the page's id and its owner's account id, so that only they can take it back):{" "}
          {f.retention.releasedAddressesDays} days, so nobody else can take it over at once.
        </li>
        <li>On a developer's own machine only, mail that would have been sent is kept in a local outbox for {f.retention.devOutboxDays} day.</li>
      </ul>

      <h2>Who else touches data</h2>
      <ul>
        {f.thirdParties.map((t) => (
          <li>
            <strong>{t.name}</strong>: {t.purpose}.
          </li>
        ))}
      </ul>
      <p class="muted">No one else. We do not sell, share or rent data, and we run no advertising.</p>

      <h2>Children</h2>
      <p>{f.children.statement}. If you believe a child under {f.children.minimumAge} has given us data, write to {mail} and we delete it.</p>

      <h2>Changes to this page</h2>
      <p>Changes are {f.changes}. This version: {f.lastUpdated}.</p>
    </Layout>
  );
}
