// Named parameters for D1. D1 binds only numbered (`?NNN`) and anonymous (`?`) parameters, not
// SQLite's `:name` (developers.cloudflare.com/d1/worker-api/prepared-statements, "Guidance"), so a
// statement built from fragments would otherwise count its `?n` by hand. Write `:name` in the SQL
// and pass the values by name: each name becomes one `?N`, the same number wherever it appears.

type Compiled = { text: string; names: string[] };

// SQL texts are templates of this codebase (values are always bound, never spliced), so there are
// few of them: remember each one's translation.
const compiled = new Map<string, Compiled>();

const NAME = /:([A-Za-z_][A-Za-z0-9_]*)/g;

/** `sql` with `:name` placeholders as `?N`, and the names in number order. */
export function compileNamed(sql: string): Compiled {
  let hit = compiled.get(sql);
  if (!hit) {
    const names: string[] = [];
    const text = sql.replace(NAME, (_, name: string) => {
      let i = names.indexOf(name);
      if (i < 0) i = names.push(name) - 1;
      return `?${i + 1}`;
    });
    hit = { text, names };
    compiled.set(sql, hit);
  }
  return hit;
}

/** A prepared statement with its `:name` parameters bound from `values` (every name must have one). */
export function namedStatement(db: D1Database, sql: string, values: Record<string, unknown>): D1PreparedStatement {
  const { text, names } = compileNamed(sql);
  const params = names.map((n) => {
    if (!(n in values) || values[n] === undefined) throw new Error(`SQL parameter :${n} has no value`);
    return values[n];
  });
  return db.prepare(text).bind(...params);
}

// SQL texts built from fragments, by shape: building and hashing a long string again on every read
// cost ~40 µs of CPU per analytics read, measured; a short key is cheap.
const shaped = new Map<string, string>();

/**
 * namedStatement for SQL built from fragments: `build` runs once per `shape`, a short key that names
 * everything the text depends on (values never do: they are bound).
 */
export function shapedStatement(db: D1Database, shape: string, build: () => string, values: Record<string, unknown>): D1PreparedStatement {
  let sql = shaped.get(shape);
  if (sql === undefined) shaped.set(shape, (sql = build()));
  return namedStatement(db, sql, values);
}
