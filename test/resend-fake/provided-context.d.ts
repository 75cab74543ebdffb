// Values test/resend-fake/global-setup.ts hands to the workers tests through `provide`/`inject`.
declare module "vitest" {
  export interface ProvidedContext {
    /** The fake Resend API, e.g. http://127.0.0.1:41234 (no trailing slash); pass it as RESEND_BASE_URL. */
    resendFakeUrl: string;
  }
}

export {};
