import type { CallToolResult } from "@modelcontextprotocol/server";
import { ZodError } from "zod";
import { AppError, ERROR_TITLE } from "../lib/errors";
import { fieldErrorsOf } from "../lib/problem";

/** A tool's answer: the JSON for clients that read `structuredContent`, and as text for those that don't. */
export function toolResult<T extends Record<string, unknown>>(data: T): CallToolResult & { structuredContent: T } {
  return { content: [{ type: "text", text: JSON.stringify(data) }], structuredContent: data };
}

/**
 * A failed tool call as the MCP spec wants it, a result with `isError` the model can read and act on
 * (docs/mcp.md#errors): the same title and detail the API's problem+json carries. Anything
 * unexpected is logged and answered in general words, never with its message or stack.
 */
export function toolError(err: unknown, tool: string): CallToolResult {
  let text: string;
  if (err instanceof AppError) {
    text = `${ERROR_TITLE[err.code]}: ${err.message}`;
  } else if (err instanceof ZodError) {
    const fields = err.issues.flatMap((i) => fieldErrorsOf(i)).map((f) => `${f.field}: ${f.message}`);
    text = `${ERROR_TITLE.validation_failed}: ${fields.join("; ")}`;
  } else {
    console.error(`MCP tool ${tool} failed unexpectedly:`, err);
    text = `${ERROR_TITLE.internal}: Something went wrong on our side. Please try again.`;
  }
  return { content: [{ type: "text", text }], isError: true };
}

/** Run a tool's body; whatever it throws becomes an error result, so no tool call ends in a crash. */
export async function runTool(tool: string, body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (err) {
    return toolError(err, tool);
  }
}
