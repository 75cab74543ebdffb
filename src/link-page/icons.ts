// Platform icons for the public page, drawn inline (the page loads nothing else and runs no script).
// Brand marks come from simple-icons (CC0), imported one by one so the bundle holds only these; the
// generic ones (email, phone, text message, fediverse, LinkedIn) from @phosphor-icons/core (MIT).
// Each icon a page uses is defined once as an SVG <symbol> and drawn with <use> (docs/pages.md#page-weight).
import {
  siApplemusic, siBluesky, siDiscord, siFacebook, siGithub, siInstagram, siKofi, siMastodon, siMedium, siPatreon,
  siPinterest, siReddit, siSnapchat, siSoundcloud, siSpotify, siSubstack, siTelegram, siThreads, siTiktok,
  siTwitch, siWhatsapp, siX, siYoutube,
} from "simple-icons";
import type { PlatformId } from "../schemas/platforms";
import { PHOSPHOR_PATHS } from "./icons-phosphor";

export interface IconShape {
  viewBox: string;
  path: string;
}

const si = (icon: { path: string }): IconShape => ({ viewBox: "0 0 24 24", path: icon.path });
const ph = (path: string): IconShape => ({ viewBox: "0 0 256 256", path });

export const ICONS: Record<PlatformId, IconShape> = {
  instagram: si(siInstagram), tiktok: si(siTiktok), youtube: si(siYoutube), x: si(siX), bluesky: si(siBluesky),
  mastodon: si(siMastodon), fediverse: ph(PHOSPHOR_PATHS.fediverse), threads: si(siThreads), facebook: si(siFacebook),
  linkedin: ph(PHOSPHOR_PATHS.linkedin), github: si(siGithub), twitch: si(siTwitch), spotify: si(siSpotify),
  soundcloud: si(siSoundcloud), applemusic: si(siApplemusic), discord: si(siDiscord), patreon: si(siPatreon),
  substack: si(siSubstack), pinterest: si(siPinterest), snapchat: si(siSnapchat), whatsapp: si(siWhatsapp),
  telegram: si(siTelegram), reddit: si(siReddit), medium: si(siMedium), kofi: si(siKofi),
  email: ph(PHOSPHOR_PATHS.email), phone: ph(PHOSPHOR_PATHS.phone), sms: ph(PHOSPHOR_PATHS.sms),
};

/** The id of a platform's `<symbol>` in the page (short: it is repeated at every use). */
export const symbolId = (p: PlatformId) => `i-${p}`;
