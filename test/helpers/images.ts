import { PhotonImage } from "@cf-wasm/photon";

/** A w × h image of a diagonal gradient (so resizing and re-encoding have real content), RGBA. */
export function gradient(w: number, h: number, alpha = 255): PhotonImage {
  const px = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      px.set([(x * 255) / w, (y * 255) / h, 128, alpha], i);
    }
  }
  return new PhotonImage(px, w, h);
}

export const jpeg = (w: number, h: number) => gradient(w, h).get_bytes_jpeg(90);
export const png = (w: number, h: number, alpha = 255) => gradient(w, h, alpha).get_bytes();
export const webp = (w: number, h: number) => gradient(w, h).get_bytes_webp();

/** A big-endian TIFF/EXIF writer, just enough for the tags the tests plant. */
function exifApp1(tags: { make: string; orientation?: number; gps: [number, number, number] }): Uint8Array {
  const bytes: number[] = [];
  const u16 = (v: number) => bytes.push((v >> 8) & 255, v & 255);
  const u32 = (v: number) => bytes.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  const make = new TextEncoder().encode(tags.make + "\0");
  const ifd0Count = tags.orientation ? 3 : 2;
  const ifd0Size = 2 + ifd0Count * 12 + 4;
  const makeAt = 8 + ifd0Size;
  const gpsAt = makeAt + make.length;
  const gpsSize = 2 + 2 * 12 + 4;
  const latAt = gpsAt + gpsSize;
  bytes.push(0x4d, 0x4d); u16(42); u32(8); // "MM", 42, first IFD at 8
  u16(ifd0Count);
  u16(0x010f); u16(2); u32(make.length); u32(makeAt); // Make (ASCII)
  if (tags.orientation) { u16(0x0112); u16(3); u32(1); u16(tags.orientation); u16(0); } // Orientation (SHORT)
  u16(0x8825); u16(4); u32(1); u32(gpsAt); // GPS IFD pointer
  u32(0);
  bytes.push(...make);
  u16(2);
  u16(0x0001); u16(2); u32(2); bytes.push(0x4e, 0, 0, 0); // GPSLatitudeRef "N"
  u16(0x0002); u16(5); u32(3); u32(latAt); // GPSLatitude, 3 RATIONALs
  u32(0);
  for (const v of tags.gps) { u32(v); u32(1); }
  const body = [...new TextEncoder().encode("Exif\0\0"), ...bytes];
  return new Uint8Array([0xff, 0xe1, ((body.length + 2) >> 8) & 255, (body.length + 2) & 255, ...body]);
}

/** A JPEG carrying an EXIF APP1 segment with a camera make and GPS position, right after SOI. */
export function jpegWithGps(w: number, h: number, opts: { make: string; orientation?: number; gps: [number, number, number]; image?: Uint8Array }): Uint8Array {
  const plain = opts.image ?? jpeg(w, h);
  const app1 = exifApp1(opts);
  const out = new Uint8Array(plain.length + app1.length);
  out.set(plain.subarray(0, 2));
  out.set(app1, 2);
  out.set(plain.subarray(2), 2 + app1.length);
  return out;
}

/** Does `hay` contain the bytes of `needle`? */
export function containsBytes(hay: Uint8Array, needle: string | number[]): boolean {
  const n = typeof needle === "string" ? new TextEncoder().encode(needle) : Uint8Array.from(needle);
  outer: for (let i = 0; i + n.length <= hay.length; i++) {
    for (let j = 0; j < n.length; j++) if (hay[i + j] !== n[j]) continue outer;
    return true;
  }
  return false;
}

/** The JPEG marker segments before the image data (SOS), e.g. [0xe0, 0xdb, 0xc0, …]. */
export function jpegMarkers(b: Uint8Array): number[] {
  const markers: number[] = [];
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const m = b[i + 1]!;
    markers.push(m);
    if (m === 0xda) break;
    i += 2 + ((b[i + 2]! << 8) | b[i + 3]!);
  }
  return markers;
}
