import { AVATAR_MAX_SIDE, AVATAR_MAX_UPLOAD_BYTES, AVATAR_TYPES } from "../../lib/policy";

/**
 * The profile photo: plain forms that work without JavaScript (upload as is; the server re-encodes
 * and scales it), which dash-photo.js turns into pick → square crop with zoom and drag → preview →
 * upload through the API.
 */
export function PhotoPanel(p: { slug: string; initial: string; avatar: { url: string; width: number; height: number } | null }) {
  return (
    <section class="card" aria-labelledby="photo-h" id="photo" data-photo={p.slug}>
      <h2 id="photo-h">Profile photo</h2>
      <div class="photo-row">
        {p.avatar ? (
          <img class="photo-current" src={new URL(p.avatar.url).pathname} width={p.avatar.width} height={p.avatar.height} alt="Your current profile photo" data-photo-current />
        ) : (
          <div class="photo-current photo-initial" aria-hidden="true" data-photo-current>{p.initial}</div>
        )}
        <div class="stack">
          <form method="post" action={`/dashboard/pages/${p.slug}/avatar`} enctype="multipart/form-data" class="stack" data-photo-form>
            <div class="field">
              <label for="photo-file">{p.avatar ? "Replace photo" : "Add a photo"}</label>
              <input id="photo-file" name="photo" type="file" accept={AVATAR_TYPES.join(",")} required aria-describedby="photo-hint" data-photo-file />
              <p class="hint" id="photo-hint">
                JPEG, PNG or WebP, up to {AVATAR_MAX_UPLOAD_BYTES / (1024 * 1024)} MB. We keep a square-ish copy of at most {AVATAR_MAX_SIDE} × {AVATAR_MAX_SIDE} pixels and
                remove everything else in the file (location, camera details).
              </p>
            </div>
            <div class="photo-crop stack" data-photo-crop hidden>
              <canvas width="256" height="256" class="photo-canvas" data-photo-canvas aria-label="Preview of the cropped photo: drag to move it"></canvas>
              <label for="photo-zoom">Zoom</label>
              <input id="photo-zoom" type="range" min="1" max="4" step="0.01" value="1" data-photo-zoom />
            </div>
            <div class="row">
              <button type="submit" class="btn btn-primary btn-sm" data-photo-upload>Upload photo</button>
            </div>
            <p class="hint" data-photo-status aria-live="polite"></p>
          </form>
          {p.avatar ? (
            <form method="post" action={`/dashboard/pages/${p.slug}/avatar/delete`} data-photo-remove>
              <button type="submit" class="btn btn-sm">Remove photo</button>
            </form>
          ) : null}
        </div>
      </div>
    </section>
  );
}
