// `npm run client`: regenerate the typed TypeScript client's types (clients/typescript/schema.d.ts)
// from the Worker's own OpenAPI document. The document is read from a throwaway local Worker
// (wrangler dev on a free port with empty storage, stopped again), so nothing needs to be running.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateSchema } from "../clients/typescript/generate.mjs";
import { REPO_ROOT, startDevServer } from "./dev-server.mjs";

const server = await startDevServer({ timeoutMs: 120_000 });
try {
  const res = await fetch(`${server.url}/api/v1/openapi.json`);
  if (!res.ok) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
  const out = join(REPO_ROOT, "clients", "typescript", "schema.d.ts");
  await writeFile(out, await generateSchema(await res.json()));
  console.log(`wrote ${out}`);
} finally {
  await server.stop();
}
