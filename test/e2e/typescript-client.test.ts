// The typed TypeScript client's generated types (clients/typescript/schema.d.ts) must be what
// `npm run client` makes from the Worker's current OpenAPI document: regenerated here in memory from
// the running Worker's document and compared with the committed file.
import { readFile } from "node:fs/promises";
import { describe, expect, inject, it } from "vitest";
import { generateSchema } from "../../clients/typescript/generate.mjs";

describe("typed TypeScript client", () => {
  it("clients/typescript/schema.d.ts is up to date with GET /api/v1/openapi.json", async () => {
    const res = await fetch(`${inject("baseUrl")}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const fresh = await generateSchema(await res.json());
    const committed = await readFile(new URL("../../clients/typescript/schema.d.ts", import.meta.url), "utf8");
    if (committed === fresh) return;
    const a = committed.split("\n");
    const b = fresh.split("\n");
    const line = a.findIndex((l, i) => l !== b[i]);
    expect.fail(
      `clients/typescript/schema.d.ts is stale: run \`npm run client\` and commit the result.\n` +
        `First difference at line ${line + 1}:\n  committed: ${a[line] ?? "(end of file)"}\n  generated: ${b[line] ?? "(end of file)"}`,
    );
  });
});
