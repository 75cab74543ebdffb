// A typed client for the MeLinks API: openapi-fetch over the types openapi-typescript generates from
// GET /api/v1/openapi.json (schema.d.ts; regenerate with `npm run client`). See README.md here.
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { components, operations, paths } from "./schema";

export type { components, operations, paths };

type Schemas = components["schemas"];
export type Page = Schemas["Page"];
export type Link = Schemas["Link"];
export type CreatePage = Schemas["CreatePage"];
export type PatchPage = Schemas["PatchPage"];
export type Analytics = Schemas["Analytics"];
/** Every error: RFC 9457 problem details; `errors` names the offending fields of a 400. */
export type Problem = Schemas["Problem"];

export type MeLinksClient = Client<paths>;

export interface MeLinksClientOptions extends Omit<ClientOptions, "baseUrl"> {
  /** An API key (`mlk_…`) or a page's claim token (`mlc_…`), sent as `Authorization: Bearer …`. */
  token?: string;
}

/**
 * A client for the MeLinks at `baseUrl` (its origin, e.g. `https://melinks.example`; a URL already
 * ending in /api/v1 works too). Paths, parameters, bodies, answers and problem+json errors are typed:
 *
 *   const ml = createMeLinksClient("https://melinks.example", { token: process.env.MELINKS_KEY });
 *   const { data, error } = await ml.GET("/pages/{slug}", { params: { path: { slug: "ada" } } });
 */
export function createMeLinksClient(baseUrl: string, opts: MeLinksClientOptions = {}): MeLinksClient {
  const { token, headers, ...rest } = opts;
  const root = baseUrl.replace(/\/+$/, "");
  const client = createClient<paths>({ ...rest, baseUrl: root.endsWith("/api/v1") ? root : `${root}/api/v1`, headers });
  if (token !== undefined) {
    client.use({
      onRequest({ request }) {
        request.headers.set("authorization", `Bearer ${token}`);
        return request;
      },
    });
  }
  return client;
}
