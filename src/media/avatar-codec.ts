// Profile photo re-encoding (docs/storage.md#r2-photos): decode whatever the client sent, keep only
// the pixels, and encode a fresh JPEG. Nothing from the original file — EXIF, GPS, XMP, ICC profile,
// comments — can survive, because nothing but pixels is ever read out of it.
//
// Photon (Rust `image` crate compiled to WASM, packaged for workerd by @cf-wasm) decodes JPEG, PNG and
// WebP, resizes and encodes in one module; image-size reads the header first so that a huge or
// mislabelled file is refused before any pixel is decoded.
import { PhotonImage, resize, SamplingFilter } from "@cf-wasm/photon";
import { imageSize } from "image-size";
import { AVATAR_JPEG_QUALITY, AVATAR_MAX_SIDE, AVATAR_MAX_SOURCE_PIXELS, type AVATAR_TYPES } from "../lib/policy";

export type AvatarType = (typeof AVATAR_TYPES)[number];

export type ReencodeResult =
  | { ok: true; jpeg: Uint8Array; width: number; height: number }
  | { ok: false; reason: "type_mismatch" | "undecodable" | "too_many_pixels"; detail: string };

const LABEL: Record<AvatarType, string> = { "image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP" };

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
const SIGNATURE: Record<AvatarType, (b: Uint8Array) => boolean> = {
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/png": (b) => ascii(b, 0, 8) === "\x89PNG\r\n\x1a\n",
  "image/webp": (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP",
};

/** Which of our types the bytes really are, by their signature (the declared type must match). */
export function sniffType(bytes: Uint8Array): AvatarType | null {
  return (Object.keys(SIGNATURE) as AvatarType[]).find((t) => SIGNATURE[t](bytes)) ?? null;
}

/** Fit (w, h) inside max × max, keeping the aspect ratio; never upscale. */
export function fitWithin(w: number, h: number, max: number): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

export function reencodeAvatar(bytes: Uint8Array, declared: AvatarType): ReencodeResult {
  const actual = sniffType(bytes);
  if (actual !== declared) {
    const what = actual ? `a ${LABEL[actual]} image` : `not a ${LABEL[declared]} image`;
    return { ok: false, reason: "type_mismatch", detail: `The body is ${what}, but Content-Type says ${declared}.` };
  }
  let header: ReturnType<typeof imageSize>;
  try {
    header = imageSize(bytes);
  } catch {
    return { ok: false, reason: "undecodable", detail: `The body is not a readable ${LABEL[declared]} image.` };
  }
  if (!header.width || !header.height) return { ok: false, reason: "undecodable", detail: `The body is not a readable ${LABEL[declared]} image.` };
  if (header.width * header.height > AVATAR_MAX_SOURCE_PIXELS) {
    return { ok: false, reason: "too_many_pixels", detail: `The image is ${header.width} × ${header.height}; at most ${AVATAR_MAX_SOURCE_PIXELS.toLocaleString("en")} pixels are accepted. Scale it down first.` };
  }
  const owned: PhotonImage[] = [];
  const keep = (img: PhotonImage) => (owned.push(img), img);
  try {
    let img: PhotonImage;
    try {
      img = keep(PhotonImage.new_from_byteslice(bytes));
    } catch {
      // Photon panics (a WASM trap) on data it cannot decode; the module stays usable afterwards.
      return { ok: false, reason: "undecodable", detail: `The body is not a readable ${LABEL[declared]} image.` };
    }
    img = upright(img, header.orientation, keep);
    const size = fitWithin(img.get_width(), img.get_height(), AVATAR_MAX_SIDE);
    if (size.width !== img.get_width() || size.height !== img.get_height()) img = keep(resize(img, size.width, size.height, SamplingFilter.Lanczos3));
    const flat = keep(new PhotonImage(onWhite(img.get_raw_pixels()), size.width, size.height));
    return { ok: true, jpeg: flat.get_bytes_jpeg(AVATAR_JPEG_QUALITY), ...size };
  } finally {
    for (const i of owned) i.free();
  }
}

/**
 * Apply the EXIF orientation (phones store photos sideways and say so in EXIF, which we drop):
 * for each output pixel, where it comes from in the stored image (EXIF orientations 1–8).
 */
function upright(img: PhotonImage, orientation: number | undefined, keep: (i: PhotonImage) => PhotonImage): PhotonImage {
  if (!orientation || orientation < 2 || orientation > 8) return img;
  const w = img.get_width(), h = img.get_height();
  const src = img.get_raw_pixels();
  const swap = orientation >= 5;
  const [ow, oh] = swap ? [h, w] : [w, h];
  const from: Record<number, (x: number, y: number) => [number, number]> = {
    2: (x, y) => [w - 1 - x, y], 3: (x, y) => [w - 1 - x, h - 1 - y], 4: (x, y) => [x, h - 1 - y],
    5: (x, y) => [y, x], 6: (x, y) => [y, h - 1 - x], 7: (x, y) => [w - 1 - y, h - 1 - x], 8: (x, y) => [w - 1 - y, x],
  };
  const map = from[orientation]!;
  const out = new Uint8Array(src.length);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const [sx, sy] = map(x, y);
      out.set(src.subarray((sy * w + sx) * 4, (sy * w + sx) * 4 + 4), (y * ow + x) * 4);
    }
  }
  return keep(new PhotonImage(out, ow, oh));
}

/** JPEG has no alpha: composite transparent pixels onto white. */
function onWhite(rgba: Uint8Array): Uint8Array {
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3]!;
    if (a === 255) continue;
    for (let c = 0; c < 3; c++) rgba[i + c] = Math.round((rgba[i + c]! * a + 255 * (255 - a)) / 255);
    rgba[i + 3] = 255;
  }
  return rgba;
}
