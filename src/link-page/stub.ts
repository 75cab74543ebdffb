// The one way to reach a page's Durable Object: by its slug. Typed by the generated Cloudflare.Env
// (worker-configuration.d.ts), so this file imports nothing and the DO never imports router plumbing.

export type LinkPageStub = ReturnType<Cloudflare.Env["LINK_PAGE"]["getByName"]>;

export function linkPageStub(env: Cloudflare.Env, slug: string): LinkPageStub {
  return env.LINK_PAGE.getByName(slug);
}
