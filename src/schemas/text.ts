import { z } from "@hono/zod-openapi";

// Rules for every piece of text a person types that others see (display names, bios, link titles,
// signup texts, key names): see docs/text-rules.md. Characters that are invisible or reorder what is
// shown let a page pass for something it is not ("Pay‮lapyaP", "admin\u200b"), so they are refused
// with a 400 naming the field. Right-to-left *text* is welcome: the views render it with dir="auto".

/** C0/C1 controls except tab and line feed (a bio keeps its line breaks), and line/paragraph separators. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/u;

/** Invisible characters outside the Unicode `Cf` category: Hangul fillers, the grapheme joiner, blank braille. */
const INVISIBLE = /[\u034F\u115F\u1160\u3164\uFFA0\u2800]/u;

const FORMAT = /\p{Cf}/u;
const ZWNJ = "\u200C";
const ZWJ = "\u200D";
const VARIATION_SELECTOR = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;
const PICTOGRAPH = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\uFE0F\u20E3]/u;
/** Scripts whose spelling needs zero-width (non-)joiners between letters (Persian, Indic, Sinhala …). */
const JOINING_SCRIPT = /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mongolian}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** The three subdivision flags (England, Scotland, Wales): a black flag, tag letters, a cancel tag. */
const FLAG_TAG_SEQUENCE = /\u{1F3F4}(?:\u{E0067}\u{E0062}(?:\u{E0065}\u{E006E}\u{E0067}|\u{E0073}\u{E0063}\u{E0074}|\u{E0077}\u{E006C}\u{E0073}))\u{E007F}/gu;

const hex = (ch: string) => "U+" + ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");

/**
 * The first character that may deceive, with its position (in characters), or null when the text is
 * clean. Allowed in context: ZWJ between emoji (👩‍💻) or inside a joining script, ZWNJ inside a
 * joining script (Persian می‌خواهم), one variation selector after a visible character (❤️, CJK
 * variants) — never a run of them, which can smuggle hidden bytes — and the three tag-sequence flags.
 */
export function deceptiveCharacter(text: string): { char: string; index: number } | null {
  const chars = Array.from(text.replace(FLAG_TAG_SEQUENCE, "\u{1F3F4}"));
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const prev = chars[i - 1] ?? "";
    const next = chars[i + 1] ?? "";
    if (CONTROL.test(ch) || INVISIBLE.test(ch) || /\p{Cs}/u.test(ch)) return { char: hex(ch), index: i };
    if (VARIATION_SELECTOR.test(ch)) {
      if (!prev || /\s/u.test(prev) || VARIATION_SELECTOR.test(prev) || FORMAT.test(prev)) return { char: hex(ch), index: i };
      continue;
    }
    if (!FORMAT.test(ch)) continue;
    // After a letter or sign of a joining script, before another or at a word's end (Malayalam ന്‍).
    const inJoiningScript = JOINING_SCRIPT.test(prev) && (JOINING_SCRIPT.test(next) || !/[\p{L}\p{M}\p{N}]/u.test(next));
    if (ch === ZWNJ && inJoiningScript) continue;
    if (ch === ZWJ && (inJoiningScript || (PICTOGRAPH.test(prev) && PICTOGRAPH.test(next)))) continue;
    return { char: hex(ch), index: i };
  }
  return null;
}

/**
 * Trimmed user text of min–max characters with no deceptive characters. One schema for every field
 * that people type and others read, so the API and the dashboard forms refuse the same things.
 */
export const UserText = (min: number, max: number) =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(min, min === 1 ? "is required" : `must be at least ${min} characters`)
        .max(max, `must be at most ${max} characters`)
        .superRefine((s, ctx) => {
          const found = deceptiveCharacter(s);
          if (found) {
            ctx.addIssue({
              code: "custom",
              message: `must not contain invisible, control or direction-changing characters (${found.char} at position ${found.index + 1})`,
            });
          }
        }),
    );
