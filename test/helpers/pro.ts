import { env } from "cloudflare:workers";

/**
 * Make a page pro. Plans belong to accounts (Accounts issue); until then the DO's mirrored
 * ownership facts are set directly, through the same RPC the router uses.
 */
export async function makePro(slug: string): Promise<void> {
  await env.LINK_PAGE.getByName(slug).setOwnership({ claimed: false, plan: "pro", planVersion: 0, now: new Date().toISOString() });
}
