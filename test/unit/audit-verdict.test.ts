// CI's dependency audit (scripts/audit.mjs) reads `npm audit --omit=dev --json`: these are the shapes
// npm 10 prints, so a real advisory fails the build and an unreachable endpoint is reported, not hidden.
import { describe, expect, it } from "vitest";
import { auditVerdict } from "../../scripts/audit-verdict.mjs";

const clean = {
  auditReportVersion: 2,
  vulnerabilities: {},
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 }, dependencies: { prod: 42, dev: 0, total: 42 } },
};

const vulnerable = {
  auditReportVersion: 2,
  vulnerabilities: {
    hono: {
      name: "hono",
      severity: "moderate",
      via: [{ source: 1, name: "hono", title: "Hono CSRF middleware bypass", url: "https://github.com/advisories/GHSA-xxxx", severity: "moderate" }],
    },
    "@hono/zod-openapi": { name: "@hono/zod-openapi", severity: "moderate", via: ["hono"] },
  },
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 2, high: 0, critical: 0, total: 2 }, dependencies: { prod: 42, dev: 0, total: 42 } },
};

describe("auditVerdict", () => {
  it("passes a report with no advisories", () => {
    expect(auditVerdict(clean)).toEqual({ outcome: "pass", lines: ["audit: 0 known advisories in 42 production dependencies"] });
  });

  it("fails on any advisory, naming the package, the advisory and what pulls it in", () => {
    const v = auditVerdict(vulnerable);
    expect(v.outcome).toBe("fail");
    expect(v.lines).toContain("hono (moderate): Hono CSRF middleware bypass https://github.com/advisories/GHSA-xxxx");
    expect(v.lines).toContain("@hono/zod-openapi (moderate): via hono");
    expect(v.lines.at(-1)).toBe("audit: 2 moderate in production dependencies");
  });

  it("says the audit did not run when the registry refuses or cannot be reached", () => {
    const refused = { message: "405 Method Not Allowed - POST …/advisories/bulk", statusCode: 405, uri: "https://registry.npmjs.org/-/npm/v1/security/advisories/bulk", error: { summary: "", detail: "" } };
    expect(auditVerdict(refused)).toMatchObject({ outcome: "not-run", lines: [expect.stringContaining("NOT RUN")] });
    expect(auditVerdict({ error: { code: "ENOTFOUND", summary: "request to … failed" } }).outcome).toBe("not-run");
  });

  it("fails on anything else it cannot read", () => {
    expect(auditVerdict({ error: { code: "EJSONPARSE" } }).outcome).toBe("fail");
    expect(auditVerdict(null).outcome).toBe("fail");
  });
});
