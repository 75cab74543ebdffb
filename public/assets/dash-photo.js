// The profile photo, enhanced: pick a file → square crop (zoom with the slider, drag or arrow keys
// to move) → preview → upload the cropped 512 × 512 JPEG with PUT /api/v1/pages/{slug}/avatar. The
// server decodes and re-encodes it anyway (no metadata survives, docs/storage.md#r2-photos); cropping
// here only decides what is in the square. Without this script the form posts the file as is.
"use strict";
(function () {
  const M = window.MeLinks || {};
  const panel = document.querySelector("[data-photo]");
  if (!panel || typeof createImageBitmap !== "function") return;
  const slug = panel.getAttribute("data-photo");
  const form = panel.querySelector("[data-photo-form]");
  const fileInput = panel.querySelector("[data-photo-file]");
  const crop = panel.querySelector("[data-photo-crop]");
  const canvas = panel.querySelector("[data-photo-canvas]");
  const zoom = panel.querySelector("[data-photo-zoom]");
  const status = panel.querySelector("[data-photo-status]");
  const OUT = 512;
  const ctx = canvas.getContext("2d");
  let bitmap = null;
  // The crop square, in source pixels: side = min(w, h) / zoom, centred at (cx, cy).
  let cx = 0, cy = 0;

  const side = () => Math.min(bitmap.width, bitmap.height) / Number(zoom.value);
  function clamp() {
    const h = side() / 2;
    cx = Math.min(Math.max(cx, h), bitmap.width - h);
    cy = Math.min(Math.max(cy, h), bitmap.height - h);
  }
  function draw(target, size) {
    const s = side();
    const c = target.getContext("2d");
    c.fillStyle = "#fff"; // transparent PNGs: the server flattens onto white too
    c.fillRect(0, 0, size, size);
    c.drawImage(bitmap, cx - s / 2, cy - s / 2, s, s, 0, 0, size, size);
  }
  const redraw = () => (clamp(), draw(canvas, canvas.width));

  fileInput.addEventListener("change", async () => {
    const file = fileInput.files && fileInput.files[0];
    status.textContent = "";
    if (!file) return;
    try {
      // Honours the EXIF orientation, so the preview is upright like the server's copy.
      bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch {
      bitmap = null;
      crop.hidden = true;
      status.textContent = "That file couldn't be read as an image. Try a JPEG, PNG or WebP photo.";
      return;
    }
    cx = bitmap.width / 2;
    cy = bitmap.height / 2;
    zoom.value = "1";
    crop.hidden = false;
    canvas.tabIndex = 0;
    redraw();
    status.textContent = "Drag the photo or use the arrow keys to choose the square, then upload.";
  });
  zoom.addEventListener("input", () => bitmap && redraw());

  let drag = null;
  canvas.addEventListener("pointerdown", (e) => {
    if (!bitmap) return;
    drag = { x: e.clientX, y: e.clientY };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const perPx = side() / canvas.getBoundingClientRect().width;
    cx -= (e.clientX - drag.x) * perPx;
    cy -= (e.clientY - drag.y) * perPx;
    drag = { x: e.clientX, y: e.clientY };
    redraw();
  });
  canvas.addEventListener("pointerup", () => (drag = null));
  canvas.addEventListener("keydown", (e) => {
    const step = side() / 20;
    const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
    if (!d || !bitmap) return;
    e.preventDefault();
    cx += d[0];
    cy += d[1];
    redraw();
  });

  form.addEventListener("submit", async (e) => {
    if (!bitmap) return; // nothing cropped: let the plain form post (it says what is missing)
    e.preventDefault();
    const out = document.createElement("canvas");
    out.width = out.height = OUT;
    draw(out, OUT);
    const blob = await new Promise((resolve) => out.toBlob(resolve, "image/jpeg", 0.92));
    if (!blob) return void (status.textContent = "Your browser couldn't prepare the photo. Try again.");
    status.textContent = "Uploading…";
    const base = M.apiBase || "/api/v1";
    let res;
    try {
      res = await fetch(`${base}/pages/${encodeURIComponent(slug)}/avatar`, {
        method: "PUT",
        headers: { "content-type": "image/jpeg", accept: "application/json" },
        body: blob,
        credentials: "same-origin",
      });
    } catch {
      status.textContent = "Couldn't reach MeLinks. Check your connection and try again.";
      return;
    }
    if (!res.ok) {
      const problem = await res.json().catch(() => null);
      status.textContent = (problem && problem.detail) || `Upload failed (${res.status}).`;
      return;
    }
    // The photo changed the page's version: later saves of the editor must send the new ETag.
    if (M.editor) M.editor.etag = res.headers.get("etag") || M.editor.etag;
    const page = await res.json();
    const current = panel.querySelector("[data-photo-current]");
    const img = document.createElement("img");
    img.className = "photo-current";
    img.alt = "Your current profile photo";
    img.width = page.avatar.width;
    img.height = page.avatar.height;
    img.src = new URL(page.avatar.url).pathname;
    img.setAttribute("data-photo-current", "");
    current.replaceWith(img);
    const frame = document.querySelector("[data-preview]");
    if (frame) frame.src = frame.src; // the saved page, now with its photo
    crop.hidden = true;
    bitmap = null;
    fileInput.value = "";
    status.textContent = "Photo saved. Your public page shows it now.";
  });
})();
