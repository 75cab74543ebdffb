import { Layout } from "./layout";

export const REPORT_REASONS = {
  spam: "Spam",
  phishing: "Phishing or a scam",
  malware: "Links to malware",
  illegal: "Illegal content",
  impersonation: "Pretends to be someone else",
  other: "Something else",
} as const;

export type ReportReason = keyof typeof REPORT_REASONS;

/** The form behind each public page's "Report" link: no account, no tracking, no script. */
export function ReportPage(props: { slug: string; sent?: boolean; error?: string }) {
  return (
    <Layout title="Report a page | MeLinks" noindex>
      <div class="card">
        <h1>Report /{props.slug}</h1>
        {props.sent ? (
          <p role="status">Thank you. An operator will look at this page. We keep nothing about you with your report.</p>
        ) : (
          <form method="post" action={`/report/${props.slug}`}>
            {props.error ? <p class="error" role="alert">{props.error}</p> : null}
            <fieldset>
              <legend>What is wrong with this page?</legend>
              {Object.entries(REPORT_REASONS).map(([value, label]) => (
                <label>
                  <input type="radio" name="reason" value={value} required /> {label}
                </label>
              ))}
            </fieldset>
            <label for="details">Details (optional)</label>
            <textarea id="details" name="details" maxlength={1000} rows={4}></textarea>
            <button type="submit">Send report</button>
            <p class="muted">We keep only your answer and the time — not your address. Don't include personal details.</p>
          </form>
        )}
      </div>
    </Layout>
  );
}
