import type { Child } from "hono/jsx";

export type FieldErrors = Record<string, string>;

/** id-safe form of a field path such as `links.0.title`. */
export const fieldId = (name: string) => "f-" + name.replace(/[^a-zA-Z0-9_-]/g, "-");

/** A labelled input with its hint and error wired up for screen readers (aria-describedby, aria-invalid). */
export function Field(p: {
  name: string;
  /** Element id, when the same field name appears in two forms on one page. */
  id?: string;
  label: Child;
  value?: string;
  type?: string;
  errors?: FieldErrors;
  hint?: Child;
  required?: boolean;
  maxlength?: number;
  minlength?: number;
  autocomplete?: string;
  placeholder?: string;
  pattern?: string;
  inputmode?: "url" | "email" | "text" | "numeric";
  spellcheck?: boolean;
  multiline?: boolean;
  class?: string;
  extra?: Child;
}) {
  const id = p.id ?? fieldId(p.name);
  const error = p.errors?.[p.name];
  const describedBy = [p.hint ? `${id}-hint` : "", error ? `${id}-err` : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: p.name,
    required: p.required,
    maxlength: p.maxlength,
    "aria-describedby": describedBy,
    "aria-invalid": error ? "true" : undefined,
    autocomplete: p.autocomplete,
    placeholder: p.placeholder,
    spellcheck: p.spellcheck,
    // People type names in any script: the box follows the text's own direction.
    dir: "auto",
  } as const;
  return (
    <div class={`field ${p.class ?? ""}`} data-field={p.name}>
      <label for={id}>{p.label}</label>
      {p.multiline ? (
        <textarea {...common} rows={3}>{p.value ?? ""}</textarea>
      ) : (
        <input {...common} type={p.type ?? "text"} value={p.value ?? ""} minlength={p.minlength} pattern={p.pattern} inputmode={p.inputmode} />
      )}
      {p.extra}
      {p.hint ? <p class="hint" id={`${id}-hint`}>{p.hint}</p> : null}
      <p class="field-error" id={`${id}-err`} hidden={!error}>{error ?? ""}</p>
    </div>
  );
}

/**
 * A read-only value with a Copy button (shown when JavaScript runs, dash.js `data-copy`) and the
 * status line that says it was copied: addresses, claim tokens, API keys, webhook secrets.
 */
export function CopyField(p: { id: string; label: Child; value: string; labelHidden?: boolean; selectOnFocus?: boolean }) {
  return (
    <>
      <label for={p.id} class={p.labelHidden ? "sr-only" : undefined}>{p.label}</label>
      <div class="copy-row">
        <input id={p.id} type="text" readonly value={p.value} class="mono" data-select-on-focus={p.selectOnFocus ? true : undefined} />
        <button type="button" class="btn btn-sm" data-copy={`#${p.id}`} data-js-only hidden>Copy</button>
      </div>
      <p class="copy-status hint" data-copy-status aria-live="polite"></p>
    </>
  );
}
