// A tool's input schema, as the MCP SDK validates it before our handler runs. The SDK words each zod
// issue itself ("changes: Unrecognized key: \"plan\""); wrapped here, its refusals name each field
// with the API's words ("changes.plan: is not a field here", "displayName: is required"), as
// docs/mcp.md#errors promises. The schema itself — and the JSON Schema tools/list shows — is unchanged.
import type { z } from "zod";
import { fieldIssuesOf } from "../lib/problem";

export function apiWorded<S extends z.ZodType>(schema: S): S {
  const standard = schema["~standard"];
  const validate = async (value: unknown) => {
    const r = await schema.safeParseAsync(value);
    if (r.success) return { value: r.data };
    return { issues: r.error.issues.flatMap((issue) => fieldIssuesOf(issue)) };
  };
  // Everything else of the schema (its shape, its JSON Schema) comes through the prototype.
  return Object.create(schema, { "~standard": { value: Object.assign(Object.create(standard), { validate }) } }) as S;
}
