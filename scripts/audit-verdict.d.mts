export function auditVerdict(report: unknown): { outcome: "pass" | "fail" | "not-run"; lines: string[] };
