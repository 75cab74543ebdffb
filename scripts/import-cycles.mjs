// Import cycles among our own modules (docs/architecture.md#no-import-cycles): a reader following
// imports should never come back to where they started. Pure functions, so the workers test
// (test/unit/import-cycles.test.ts) runs them on src/ as Vite reads it; `npm run cycles` runs them here.

/** Specifiers of every `import … from`, `export … from`, bare `import "…"` and `import("…")` (type-only ones too). */
const SPECIFIER = /\bfrom\s*["']([^"']+)["']|\bimport\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;
const EXTENSIONS = ["", ".ts", ".tsx", ".mts", ".js", ".mjs", "/index.ts", "/index.tsx"];

function join(dir, rel) {
  const out = dir.split("/").filter(Boolean);
  for (const part of rel.split("/")) {
    if (part === "..") out.pop();
    else if (part !== "." && part !== "") out.push(part);
  }
  return out.join("/");
}

/**
 * Who imports whom, among `sources` (path → text, paths like "src/env.ts"). Only relative
 * specifiers that resolve to one of `sources` count: packages and generated types are not ours.
 * @param {Record<string, string>} sources
 * @returns {Record<string, string[]>}
 */
export function importGraph(sources) {
  const graph = {};
  for (const [path, text] of Object.entries(sources)) {
    const dir = path.slice(0, path.lastIndexOf("/") + 1);
    const deps = new Set();
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec.startsWith(".")) continue;
      const base = join(dir, spec);
      const hit = EXTENSIONS.map((ext) => base + ext).find((p) => p in sources);
      if (hit) deps.add(hit);
    }
    graph[path] = [...deps].sort();
  }
  return graph;
}

/**
 * The groups of modules that reach each other through imports (Tarjan's strongly connected
 * components with more than one member, or a module importing itself), each sorted; [] when acyclic.
 * @param {Record<string, string[]>} graph
 * @returns {string[][]}
 */
export function findCycles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  let next = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph[v] ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const group = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || (graph[v] ?? []).includes(v)) cycles.push(group.sort());
  };
  for (const v of Object.keys(graph).sort()) if (!index.has(v)) visit(v);
  return cycles;
}

async function main(root = "src") {
  const { readdirSync, readFileSync } = await import("node:fs");
  const sources = {};
  for (const entry of readdirSync(root, { recursive: true })) {
    const path = `${root}/${entry}`.replaceAll("\\", "/");
    if (/\.(ts|tsx|mts|mjs)$/.test(path) && !path.endsWith(".d.ts")) sources[path] = readFileSync(path, "utf8");
  }
  const cycles = findCycles(importGraph(sources));
  for (const group of cycles) console.error(`import cycle: ${group.join(" ↔ ")}`);
  console.log(`${Object.keys(sources).length} modules, ${cycles.length} import cycle(s)`);
  if (cycles.length) process.exitCode = 1;
}

if (typeof process !== "undefined" && process.argv?.[1] && import.meta.url.endsWith(process.argv[1].replaceAll("\\", "/").split("/").pop())) {
  await main(process.argv[2]);
}
