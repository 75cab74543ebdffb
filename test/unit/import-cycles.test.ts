// No module of ours reaches itself through imports (docs/architecture.md#no-import-cycles). Vite hands
// the test every source file as text, so the check runs offline, in the normal `npm test`.
import { describe, expect, it } from "vitest";
import { findCycles, importGraph } from "../../scripts/import-cycles.mjs";

const files = import.meta.glob(["../../src/**/*.{ts,tsx}", "!../../src/**/*.d.ts"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const sources = Object.fromEntries(Object.entries(files).map(([path, text]) => [path.replace(/^(\.\.\/)+/, ""), text]));

describe("import cycles", () => {
  it("src has none", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(100);
    expect(sources["src/env.ts"]).toContain("AppEnv");
    expect(findCycles(importGraph(sources))).toEqual([]);
  });

  it("are found, with every module in them, whatever the import's form", () => {
    const planted = {
      "src/env.ts": 'import type { Actor } from "./auth/actor";\nexport interface AppEnv {}',
      "src/auth/actor.ts": 'import {\n  type AppEnv,\n} from "../env";\nexport type Actor = 1;',
      "src/app.ts": 'import { x } from "./lib/x";\nimport "hono";',
      "src/lib/x.ts": 'export * from "./y";',
      "src/lib/y.ts": 'const m = () => import("../app");',
      "src/lib/index.ts": 'export { x } from "./x";',
      "src/lib/z.ts": 'import { x } from ".";',
      "src/routes/imports.ts": 'import { planImport } from "../imports";',
      "src/imports/index.ts": "export const planImport = 1;",
    };
    expect(findCycles(importGraph(planted))).toEqual([
      ["src/app.ts", "src/lib/x.ts", "src/lib/y.ts"],
      ["src/auth/actor.ts", "src/env.ts"],
    ]);
    expect(importGraph(planted)["src/lib/z.ts"]).toEqual(["src/lib/index.ts"]);
    expect(findCycles({ "a.ts": ["a.ts"] })).toEqual([["a.ts"]]);
  });
});
