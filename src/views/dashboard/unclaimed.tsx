import { DashShell } from "./shell";
import { CopyField } from "./fields";

const day = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/**
 * The editor's panel for a page made without an account (docs/onboarding.md): when it expires, the
 * claim token (in full only on the first view after creating the page), copy and download, and the
 * way to keep the page for good — sign in and claim it.
 */
export function UnclaimedPanel(p: { slug: string; expiresAt: string; token?: string }) {
  return (
    <section class="card card-unclaimed" aria-labelledby="unclaimed-h" id="unclaimed">
      <h2 id="unclaimed-h">This page isn't claimed yet</h2>
      <p>
        You're editing it without an account, from this browser. Unless you claim it, it is deleted on <strong>{day(p.expiresAt)}</strong> (UTC).
      </p>
      {p.token ? (
        <div class="claim-token">
          <CopyField id="claim-token-input" label="Your claim token — shown only this once" value={p.token} />
          <p class="hint">
            It is the key to this page until you claim it: with it you (or anyone you give it to) can edit the page from any browser, and claim it into
            an account. We keep only a fingerprint of it, so we can't show it again or recover it. If you lose it and this browser forgets the page,
            you can't edit the page any more, and it is deleted on the date above.
          </p>
        </div>
      ) : (
        <p class="hint">
          Your claim token was shown when you created the page. This browser keeps it for you; download it again below if you didn't save it.
        </p>
      )}
      <p class="actions">
        <a class="btn btn-sm" href={`/dashboard/pages/${p.slug}/claim-token.txt`} download={`melinks-${p.slug}-claim-token.txt`}>
          Download the token as a file
        </a>{" "}
        <a class="btn btn-primary btn-sm" href={`/login?next=${encodeURIComponent(`/dashboard/pages/${p.slug}`)}`}>
          Sign in and claim this page
        </a>
      </p>
    </section>
  );
}

/** Signed in, and this browser holds the claim token of an unclaimed page: one button makes it yours. */
export function ClaimDraftPage(p: { email: string | null; slug: string }) {
  return (
    <DashShell title={`Claim ${p.slug}`} email={p.email} active="pages">
      <div class="card">
        <h1>Claim “{p.slug}”</h1>
        <p>
          You started this page without an account in this browser. Claim it to keep it in your account{p.email ? <> ({p.email})</> : null}: it
          stops expiring, and its claim token stops working.
        </p>
        <form method="post" action={`/dashboard/pages/${p.slug}/claim`}>
          <button type="submit" class="btn btn-primary">
            Claim this page
          </button>{" "}
          <a class="btn" href="/dashboard">
            Not now
          </a>
        </form>
      </div>
    </DashShell>
  );
}
