// Stylesheet of our own pages (privacy, 404, …): inlined and allowed by its CSP hash.
export const SITE_CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
main{max-width:42rem;margin:0 auto;padding:2.5rem 1.25rem}h1{font-size:1.75rem;line-height:1.25}h2{font-size:1.2rem;margin-top:2rem}
a{color:#0b57d0}a:focus-visible{outline:3px solid #1f2328;outline-offset:2px}.card{background:#fff;border:1px solid #d0d7de;border-radius:12px;padding:1.5rem}
.muted{color:#57606a}pre{overflow-x:auto;background:#eaeef2;padding:.75rem;border-radius:8px}pre code{padding:0}
code{font:.9em ui-monospace,Menlo,Consolas,monospace;background:#eaeef2;padding:.1em .3em;border-radius:4px}
fieldset{border:0;padding:0;margin:0}legend{font-weight:600;margin-bottom:.5rem}fieldset label{font-weight:400;margin:.35rem 0}textarea{width:100%;font:inherit;padding:.6rem .75rem;border:1px solid #8c959f;border-radius:8px}
label{display:block;font-weight:600;margin:1rem 0 .25rem}input[type=email],input[type=text]{width:100%;font:inherit;padding:.6rem .75rem;border:1px solid #8c959f;border-radius:8px}
button,.button{display:inline-block;margin-top:1rem;font:inherit;font-weight:600;padding:.6rem 1rem;border:0;border-radius:8px;background:#0b57d0;color:#fff;text-decoration:none;cursor:pointer}
button:focus-visible,input:focus-visible{outline:3px solid #1f2328;outline-offset:2px}.error{color:#b42318;font-weight:600}
.card>h2:first-child{margin-top:0}.hero{font-size:1.15rem}.points{padding-left:1.2rem}.points li{margin:.3rem 0}.slug-row{display:flex;align-items:center;border:1px solid #8c959f;border-radius:8px;background:#fff}
.slug-row span{padding:.6rem 0 .6rem .75rem;color:#57606a;white-space:nowrap}.slug-row input[type=text]{border:0;padding-left:.1rem}.hint{margin:.25rem 0 0;font-size:.9rem;color:#57606a}
.ok{color:#1a7f37;font-weight:600}.field-error{color:#b42318;font-weight:600;margin:.25rem 0 0}[aria-invalid=true]{border-color:#b42318}.alert{border-left:4px solid #b42318;padding-left:.75rem}
footer{max-width:42rem;margin:0 auto;padding:0 1.25rem 2rem;color:#57606a;font-size:.875rem}`;
