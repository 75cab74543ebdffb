import { expect } from "vitest";

/** Assert an RFC 9457 problem response and return its body. */
export async function expectProblem(res: Response, status: number, field?: string): Promise<any> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as any;
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(/at .*\(.*:\d+:\d+\)|\.ts:\d+/); // never a stack trace
  if (field) expect(body.errors?.map((e: any) => e.field)).toContain(field);
  return body;
}
