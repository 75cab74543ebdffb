// The page's QR code as a PNG (for print tools and chat apps that take no SVG): uqr computes the
// modules, Photon encodes the pixels. Same ECC level and border as the SVG in routes/dashboard/share.ts.
import { PhotonImage } from "@cf-wasm/photon";
import { encode } from "uqr";

/** `scale` pixels per module; `border` modules of white around (the quiet zone scanners need). */
export function qrPng(text: string, opts: { scale?: number; border?: number } = {}): { png: Uint8Array; size: number } {
  const scale = opts.scale ?? 12;
  const border = opts.border ?? 2;
  const qr = encode(text, { ecc: "M", border });
  const size = qr.size * scale;
  const px = new Uint8Array(size * size * 4).fill(255);
  qr.data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++) {
        const start = ((y * scale + dy) * size + x * scale) * 4;
        for (let i = start; i < start + scale * 4; i += 4) px[i] = px[i + 1] = px[i + 2] = 0;
      }
    }),
  );
  const img = new PhotonImage(px, size, size);
  try {
    return { png: img.get_bytes(), size };
  } finally {
    img.free();
  }
}
