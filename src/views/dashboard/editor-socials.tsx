import type { SocialDraft } from "../../routes/dashboard/editor-form";
import { MAX_SOCIALS } from "../../schemas/page";
import { PLATFORM_NAMES, platformOf } from "../../schemas/platforms";
import { checkLinkUrl } from "../../schemas/link-url";
import { Field, type FieldErrors } from "./fields";

/** The platform a typed address belongs to, as the server will derive it (shown next to the field). */
function platformLabel(url: string): string {
  const checked = url.trim() ? checkLinkUrl(url) : null;
  const id = checked?.ok ? platformOf(checked.href) : null;
  return id ? PLATFORM_NAMES[id] : "";
}

export function SocialRow(p: { social: SocialDraft; i: number | "__i__"; errors?: FieldErrors }) {
  const k = (f: string) => `socials.${p.i}.${f}`;
  const pos = typeof p.i === "number" ? p.i + 1 : "__n__";
  return (
    <li class="social-row" data-social-row>
      <input type="hidden" name={k("id")} value={p.social.id} data-k="id" />
      <Field
        name={k("url")}
        label={<>Profile address <span class="platform-name" data-platform>{platformLabel(p.social.url)}</span></>}
        value={p.social.url}
        errors={p.errors}
        type="text"
        inputmode="url"
        required
        maxlength={2048}
        spellcheck={false}
        placeholder="https://instagram.com/yourname"
      />
      <button type="submit" name="op" value={`social-remove:${p.i}`} class="icon-btn icon-danger" data-op="social-remove" aria-label={`Delete social icon ${pos}`} formnovalidate>
        <span aria-hidden="true">✕</span>
      </button>
    </li>
  );
}

/** Social icons: profile addresses whose platform we recognise, drawn as a row of icons above or below the links. */
export function SocialsEditor(p: { socials: SocialDraft[]; position: string; errors: FieldErrors }) {
  return (
    <section class="card" aria-labelledby="socials-h">
      <div class="card-head">
        <h2 id="socials-h">Social icons</h2>
        <span class="muted" data-social-count>{p.socials.length} of {MAX_SOCIALS}</span>
      </div>
      <p class="hint">
        Paste a profile address (Instagram, TikTok, YouTube, Mastodon or any fediverse <span class="mono">https://server/@you</span>, GitHub, email…). Each shows as its
        platform's icon; clicks are counted, and your page tells Mastodon it is yours.
      </p>
      {p.errors["socials"] ? <p class="field-error" role="alert">{p.errors["socials"]}</p> : null}
      <ol class="social-list" data-social-list>
        {p.socials.map((s, i) => (
          <SocialRow social={s} i={i} errors={p.errors} />
        ))}
      </ol>
      <button type="submit" name="op" value="social-add" class="btn btn-add" data-op="social-add" formnovalidate>
        <span aria-hidden="true">+</span> Add social icon
      </button>
      <fieldset class="inline-choice">
        <legend>Show the icons</legend>
        <label class="check">
          <input type="radio" name="socialsPosition" value="top" checked={p.position !== "bottom"} /> under my name
        </label>
        <label class="check">
          <input type="radio" name="socialsPosition" value="bottom" checked={p.position === "bottom"} /> below my links
        </label>
      </fieldset>
      <template id="social-template">
        <SocialRow social={{ id: "", url: "" }} i="__i__" />
      </template>
    </section>
  );
}
