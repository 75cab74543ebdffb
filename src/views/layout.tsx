import type { Child } from "hono/jsx";
import { SITE_CSS } from "./site-css";

/** Our own site pages. `scripts`: files under /assets/ that only add to a page that works without them. */
export function Layout(props: { title: string; description?: string; noindex?: boolean; scripts?: string[]; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{props.title}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        {props.noindex ? <meta name="robots" content="noindex" /> : null}
        <style dangerouslySetInnerHTML={{ __html: SITE_CSS }} />
        {(props.scripts ?? []).map((s) => (
          <script src={`/assets/${s}`} defer></script>
        ))}
      </head>
      <body>
        <main>{props.children}</main>
        <footer>
          <a href="/privacy">Privacy</a> · MeLinks — links without tracking
        </footer>
      </body>
    </html>
  );
}
