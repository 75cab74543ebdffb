import type { Hook } from "@hono/zod-openapi";
import { zodProblem } from "./problem";

/** zod-openapi's defaultHook: a failed validation becomes a problem+json naming each field. */
export const validationHook: Hook<unknown, any, any, any> = (result) => {
  if (!result.success) return zodProblem(result.error);
};
