import { docsCsp } from "../lib/csp";
import { Hono } from "hono";
import { html, raw } from "hono/html";
import type { AppEnv } from "../env";
import { PUBLIC_DOCUMENT } from "../lib/cache-control";
import { publicOrigin } from "../lib/origin";

// /docs/api: the API reference, rendered in the browser by Scalar from /api/v1/openapi.json. Scalar's
// standalone bundle is served by us (Workers static assets: `npm run assets` copies it from
// node_modules into public/assets/vendor/), so the page loads nothing from anyone else (docs/contract.md#privacy-promises).

export const RENDERER_PATH = "/assets/vendor/scalar-api-reference.js";
export const INIT_PATH = "/docs/api/reference.js";
const OPENAPI_PATH = "/api/v1/openapi.json";

/** Token placeholders per security scheme, so every generated curl example carries its Authorization header. */
export const TOKEN_PLACEHOLDERS = {
  ApiKey: "mlk_YOUR_API_KEY",
  ClaimToken: "mlc_YOUR_CLAIM_TOKEN",
  AdminToken: "YOUR_ADMIN_TOKEN",
} as const;

/** Scalar's options: curl first, and everything that would call Scalar's servers switched off. */
export const SCALAR_CONFIG = {
  telemetry: false,
  withDefaultFonts: false, // else fonts from Scalar's CDN
  proxyUrl: "", // else "Test request" goes through Scalar's CORS proxy
  agent: { disabled: true }, // the AI chat talks to Scalar's API
  mcp: { disabled: true },
  showDeveloperTools: "never",
  hideClientButton: true,
  defaultOpenAllTags: true,
  documentDownloadType: "json",
  defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
  persistAuth: false,
  authentication: {
    preferredSecurityScheme: "ApiKey",
    securitySchemes: Object.fromEntries(Object.entries(TOKEN_PLACEHOLDERS).map(([name, token]) => [name, { token }])),
  },
};

/**
 * Starts Scalar; loaded before the bundle (both `defer`, so in order). It makes zod (inside the
 * bundle) jitless first: otherwise zod probes for eval with `Function("")`, which our CSP refuses
 * and reports as a violation. Mounted on #reference: Scalar auto-mounts anything with id="api-reference".
 */
const INIT_JS = `"use strict";
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
document.addEventListener("DOMContentLoaded", function () {
  var mount = document.getElementById("reference");
  Scalar.createApiReference(mount, Object.assign({ url: mount.dataset.url }, ${JSON.stringify(SCALAR_CONFIG)}));
});
`;

const PAGE_CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff}
.intro{max-width:60rem;margin:0 auto;padding:2rem 1.25rem 1rem;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.intro h1{font-size:1.75rem;line-height:1.25;margin:0 0 .5rem}.intro h2{font-size:1.15rem;margin:1.5rem 0 .5rem}.intro li{margin:.35rem 0}
.intro a{color:#0b57d0}.intro a:focus-visible{outline:3px solid #1f2328;outline-offset:2px}
.intro pre{overflow-x:auto;background:#f6f8fa;border:1px solid #d0d7de;padding:.75rem;border-radius:8px}.intro pre code{padding:0;background:none}
.intro code{font:.9em ui-monospace,Menlo,Consolas,monospace;background:#eaeef2;padding:.1em .3em;border-radius:4px}
#reference{border-top:1px solid #d0d7de}`;

export const docsRoutes = new Hono<AppEnv>()
  .get("/api", async (c) => {
    const origin = publicOrigin(c);
    const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>API reference | MeLinks</title>
<meta name="description" content="The MeLinks JSON API: pages, links, analytics and accounts, with a curl example for every operation.">
<style>${raw(PAGE_CSS)}</style>
<script src="${INIT_PATH}" defer></script>
<script src="${RENDERER_PATH}" defer></script>
</head>
<body>
<header class="intro">
<h1>MeLinks API reference</h1>
<p>JSON at <code>${origin}/api/v1</code>. Errors are <code>application/problem+json</code> (RFC 9457).
The machine-readable OpenAPI 3.1 document is <a href="${OPENAPI_PATH}">${OPENAPI_PATH}</a>; every operation below
shows a copy-paste <code>curl</code> example.</p>
<h2>Authenticate</h2>
<ul>
<li><strong>API key</strong> — create one while signed in (<code>POST /api/v1/api-keys</code>; it is shown once) and send it as
<code>Authorization: Bearer mlk_…</code>. It acts as you: your pages, their analytics, your account.</li>
<li><strong>Claim token</strong> — creating a page without an account returns a <code>claimToken</code> (<code>mlc_…</code>), once.
Send it as <code>Authorization: Bearer mlc_…</code> to manage that page until it is claimed: signed in,
<code>POST /api/v1/pages/{slug}/claim</code> makes the page yours and uses the token up.</li>
<li><strong>Browser session</strong> — signing in with an emailed link (<code>POST /api/v1/auth/magic-link</code>) sets an
HttpOnly session cookie that the dashboard's same-origin requests carry. Cross-site writes with it are refused.</li>
</ul>
<pre><code>curl ${origin}/api/v1/pages \\
  --header 'Authorization: Bearer mlk_YOUR_API_KEY'</code></pre>
</header>
<noscript><p class="intro">The interactive reference below needs JavaScript; the
<a href="${OPENAPI_PATH}">OpenAPI document</a> has everything it shows.</p></noscript>
<div id="reference" data-url="${OPENAPI_PATH}"></div>
</body>
</html>`;
    return c.html(await page, 200, { "content-security-policy": docsCsp(), "cache-control": PUBLIC_DOCUMENT });
  })
  .get("/api/reference.js", (c) =>
    c.body(INIT_JS, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": PUBLIC_DOCUMENT }),
  );
