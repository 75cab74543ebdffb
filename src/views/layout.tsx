import type { Child } from "hono/jsx";
import { SITE_CSS } from "./site-css";

export function Layout(props: { title: string; description?: string; noindex?: boolean; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{props.title}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        {props.noindex ? <meta name="robots" content="noindex" /> : null}
        <style dangerouslySetInnerHTML={{ __html: SITE_CSS }} />
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
