import { PhotonImage } from "@cf-wasm/photon";
import { describe, expect, it } from "vitest";
import { fitWithin, reencodeAvatar } from "../../src/media/avatar-codec";
import { jpegWithGps } from "../helpers/images";

/** 40 × 20: left half red, right half blue. */
function halves(): Uint8Array {
  const w = 40, h = 20;
  const px = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) px.set((i % w) < w / 2 ? [255, 0, 0, 255] : [0, 0, 255, 255], i * 4);
  const img = new PhotonImage(px, w, h);
  try {
    return img.get_bytes_jpeg(95);
  } finally {
    img.free();
  }
}

/** Is the pixel at (x, y) of a JPEG mostly red ("R") or mostly blue ("B")? */
function colourAt(jpeg: Uint8Array, x: number, y: number): "R" | "B" {
  const img = PhotonImage.new_from_byteslice(jpeg);
  try {
    const i = (y * img.get_width() + x) * 4;
    const px = img.get_raw_pixels();
    return px[i]! > px[i + 2]! ? "R" : "B";
  } finally {
    img.free();
  }
}

describe("reencodeAvatar: EXIF orientation", () => {
  // Where the source's left (red) half ends up for each orientation: [top-left, bottom-right] corners.
  const cases: [number, [number, number], ["R" | "B", "R" | "B"]][] = [
    [1, [40, 20], ["R", "B"]],
    [2, [40, 20], ["B", "R"]], // mirrored
    [3, [40, 20], ["B", "R"]], // 180°
    [4, [40, 20], ["R", "B"]], // flipped vertically
    [5, [20, 40], ["R", "B"]], // transposed: left → top
    [6, [20, 40], ["R", "B"]], // 90° clockwise: left → top
    [7, [20, 40], ["B", "R"]], // transverse: left → bottom
    [8, [20, 40], ["B", "R"]], // 90° anticlockwise: left → bottom
  ];
  for (const [orientation, [w, h], [topLeft, bottomRight]] of cases) {
    it(`orientation ${orientation}`, () => {
      const res = reencodeAvatar(jpegWithGps(40, 20, { make: "X", orientation, gps: [0, 0, 0], image: halves() }), "image/jpeg");
      if (!res.ok) throw new Error(res.detail);
      expect([res.width, res.height]).toEqual([w, h]);
      expect([colourAt(res.jpeg, 2, 2), colourAt(res.jpeg, w - 3, h - 3)]).toEqual([topLeft, bottomRight]);
    });
  }
  it("fits within the square, never upscaling", () => {
    expect(fitWithin(1000, 600, 512)).toEqual({ width: 512, height: 307 });
    expect(fitWithin(600, 1000, 512)).toEqual({ width: 307, height: 512 });
    expect(fitWithin(100, 80, 512)).toEqual({ width: 100, height: 80 });
  });
});
