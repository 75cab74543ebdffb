// The editor's unsaved draft as a patch the preview can show: whatever of it is valid. A half-typed
// link (no URL yet) or a social still being pasted is left out of the preview instead of blanking it.
import { LinkInputSchema, PatchPageSchema, SocialInputSchema, type PatchPageInput } from "../../schemas/page";

const FIELDS = ["displayName", "bio", "theme", "socialsPosition"] as const;

export function previewPatch(raw: unknown): PatchPageInput {
  const whole = PatchPageSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const o = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const patch: PatchPageInput = {};
  for (const key of FIELDS) {
    const r = PatchPageSchema.shape[key].safeParse(o[key]);
    if (r.success && r.data !== undefined) Object.assign(patch, { [key]: r.data });
  }
  const list = <T,>(v: unknown, parse: (x: unknown) => { success: boolean; data?: T }) =>
    Array.isArray(v) ? v.map(parse).flatMap((r) => (r.success ? [r.data as T] : [])) : undefined;
  const links = list(o.links, (x) => LinkInputSchema.safeParse(x));
  const socials = list(o.socials, (x) => SocialInputSchema.safeParse(x));
  if (links) patch.links = links.slice(0, 100);
  if (socials) patch.socials = socials.slice(0, 20);
  return patch;
}
