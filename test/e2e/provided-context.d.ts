// Values test/e2e/global-setup.ts hands to the browser tests through `provide`/`inject`.
declare module "vitest" {
  export interface ProvidedContext {
    /** The throwaway `wrangler dev` under test, e.g. http://127.0.0.1:43817 (no trailing slash). */
    baseUrl: string;
    /** Whether /usr/bin/chromium exists; when false (never in CI), browser tests skip. */
    chromiumAvailable: boolean;
    /** ADMIN_TOKEN of that server (random per run), for PUT /api/v1/admin/users/{email}/plan. */
    adminToken: string;
  }
}

export {};
