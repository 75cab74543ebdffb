// The public page's stylesheet: inlined (no extra request) and allowed by its CSP hash.
// Colours come from CSS variables set per page by themeCss(); focus is always visible. Kept terse on
// purpose: it travels with every page view (docs/pages.md#page-weight).
export const PAGE_CSS = `*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}body{margin:0;min-height:100vh;background:var(--bg-img) var(--bg);color:var(--fg);font:16px/1.5 var(--font);display:flex;flex-direction:column;align-items:center}
main{width:100%;max-width:36rem;padding:3rem 1.25rem 1.5rem;flex:1}header{text-align:center;margin-bottom:1.75rem}
.avatar{width:5.5rem;height:5.5rem;border-radius:50%;margin:0 auto 1rem;display:grid;object-fit:cover;place-items:center;font-size:2.5rem;font-weight:700;background:var(--btn-bg);color:var(--btn-fg);border:2px solid var(--btn-border)}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 .5rem;overflow-wrap:anywhere}.bio{margin:0;color:var(--muted);white-space:pre-line;overflow-wrap:anywhere}
ul{list-style:none;margin:0;padding:0;display:grid;gap:.875rem}
.btn{display:block;padding:1rem 1.25rem;min-height:3rem;text-align:center;font-weight:600;text-decoration:none;overflow-wrap:anywhere;background:var(--btn-bg);color:var(--btn-fg);border:2px solid var(--btn-border);border-radius:var(--radius);box-shadow:var(--shadow);transition:transform .12s ease}
.btn:hover{transform:translateY(-2px)}a:focus-visible{outline:3px solid var(--fg);outline-offset:3px}
.ic{display:grid;grid-template-columns:1.5rem 1fr 1.5rem;align-items:center;gap:.5rem}.i{width:1.5rem;height:1.5rem;fill:currentColor}
.feat{background:var(--feat-bg);color:var(--feat-fg);border-color:var(--feat-bg);padding:1.35rem 1.25rem;font-size:1.125rem;box-shadow:0 0 0 3px var(--bg),0 0 0 6px var(--feat-bg)}
.hd{font-size:1.1rem;margin:.75rem 0 0;text-align:center;overflow-wrap:anywhere}
.so{display:flex;flex-wrap:wrap;justify-content:center;gap:.25rem;margin-top:1rem}.so a{display:grid;place-items:center;width:2.75rem;height:2.75rem;border-radius:50%;color:var(--fg)}
.sprite{position:absolute;width:0;height:0;overflow:hidden}
.empty{text-align:center;color:var(--muted)}
footer{padding:1.5rem;max-width:36rem;text-align:center;font-size:.875rem;color:var(--muted)}footer a{color:var(--muted)}
@media (prefers-reduced-motion:reduce){.btn{transition:none}.btn:hover{transform:none}}`;

/** The email sign-up form's rules: sent only with a page that shows the form. */
export const SIGNUP_CSS = `.signup{margin-top:2rem;padding:1.25rem;border:2px solid var(--btn-border);border-radius:min(var(--radius),1.25rem)}.signup h2{font-size:1.1rem;margin:0 0 .75rem}
.signup label{display:block;font-weight:600;margin-bottom:.25rem}.signup-row{display:flex;gap:.5rem;flex-wrap:wrap}
.signup input{flex:1 1 12rem;min-width:0;min-height:3rem;font:inherit;padding:.5rem .75rem;border:2px solid var(--muted);border-radius:8px;background:var(--bg);color:var(--fg)}
.signup button{min-height:3rem;font:inherit;font-weight:600;padding:.5rem 1rem;border:2px solid var(--btn-border);border-radius:8px;background:var(--btn-bg);color:var(--btn-fg);cursor:pointer}
.signup input:focus-visible,.signup button:focus-visible{outline:3px solid var(--fg);outline-offset:2px}.signup-note{font-size:.875rem;color:var(--muted);margin:.75rem 0 0}
.signup-error{font-weight:600}.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}`;
