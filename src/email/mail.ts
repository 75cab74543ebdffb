/** One message as we compose it: what the mailer sends through Resend, or keeps in the dev outbox. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. RFC 8058 List-Unsubscribe on signup mail (kept in the dev outbox too). */
  headers?: Record<string, string>;
}
