// Values test/webhook-fake/global-setup.ts hands to the workers tests through `provide`/`inject`.
declare module "vitest" {
  export interface ProvidedContext {
    /** The fake webhook receiver, e.g. http://127.0.0.1:41235 (no trailing slash). */
    webhookFakeUrl: string;
  }
}

export {};
