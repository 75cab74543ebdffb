// Optional secrets (wrangler secrets / .dev.vars): absent unless configured, so typed optional here
// rather than in the generated worker-configuration.d.ts.
declare namespace Cloudflare {
  interface Env {
    RESEND_API_KEY?: string;
    RESEND_BASE_URL?: string;
    ADMIN_TOKEN?: string;
    /** Optional var: ms Resend may take to accept a sign-in mail (default 10 000; src/email/mailer.ts). */
    MAIL_TIMEOUT_MS?: string;
  }
}
