// The share image of a page without a photo (docs/storage.md#r2-photos): a 1200 × 630 PNG in the
// page's theme — an accent disc with the initial, the name and the address. Drawn with Photon's text
// renderer, whose font (Roboto) is compiled into its WASM: no font is fetched, none is shipped apart.
// Roboto covers Latin, Greek and Cyrillic; other scripts draw as blank boxes, so such names fall back
// to the address alone.
import { draw_text_with_color, PhotonImage, Rgba } from "@cf-wasm/photon";
import type { Theme } from "../schemas/theme";
import { readableOn } from "../lib/contrast";
import { resolveTheme } from "../link-page/themes";
import { CARD_HEIGHT as H, CARD_WIDTH as W } from "./card-size";

const rgb = (hex: string): [number, number, number] => {
  const h = /^#?([0-9a-f]{6})$/i.exec(hex)?.[1] ?? "000000";
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
};
const rgba = (hex: string) => new Rgba(...rgb(hex), 255);

/** Roboto's Latin, Greek and Cyrillic blocks (and common punctuation): what the font can draw. */
const DRAWABLE = /^[\u0020-\u024F\u0370-\u03FF\u0400-\u04FF\u2010-\u2027]*$/;
/** Roboto's average advance is about 0.55 em: enough to size the name to the space it has. */
const EM_ADVANCE = 0.55;

export function renderShareCard(p: { displayName: string; theme: Theme; address: string }): Uint8Array {
  const t = resolveTheme(p.theme);
  const disc = t.buttonBorder;
  const pixels = new Uint8Array(W * H * 4);
  const [br, bg, bb] = rgb(t.bg);
  const [dr, dg, db] = rgb(disc);
  const cx = 250, cy = H / 2, r = 150;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      // A soft edge (one pixel of coverage) keeps the disc from looking jagged.
      const cover = Math.max(0, Math.min(1, r + 0.5 - Math.hypot(x - cx, y - cy)));
      pixels[i] = br + (dr - br) * cover;
      pixels[i + 1] = bg + (dg - bg) * cover;
      pixels[i + 2] = bb + (db - bb) * cover;
      pixels[i + 3] = 255;
    }
  }
  const img = new PhotonImage(pixels, W, H);
  try {
    const name = p.displayName.trim();
    const drawable = DRAWABLE.test(name);
    const initial = drawable ? (Array.from(name)[0] ?? "").toUpperCase() : "";
    if (initial) draw_text_with_color(img, initial, cx - 0.3 * 160, cy - 0.6 * 160, 160, rgba(readableOn(disc)));
    const left = 460, room = W - left - 60;
    if (drawable && name) {
      const size = Math.max(40, Math.min(96, room / (EM_ADVANCE * Array.from(name).length)));
      const fits = Math.floor(room / (EM_ADVANCE * size));
      const chars = Array.from(name);
      const shown = chars.length > fits ? chars.slice(0, fits - 1).join("") + "…" : name;
      draw_text_with_color(img, shown, left, cy - size * 0.9, size, rgba(t.text));
    }
    draw_text_with_color(img, p.address, left, cy + 40, 40, rgba(t.muted));
    return img.get_bytes();
  } finally {
    img.free();
  }
}
