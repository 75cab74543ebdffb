// What an `npm audit --json` report means for CI (scripts/audit.mjs): pass, fail, or not run.

const NETWORK = /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ECONNRESET/;

/** @returns {{ outcome: "pass" | "fail" | "not-run", lines: string[] }} */
export function auditVerdict(report) {
  const counts = report?.metadata?.vulnerabilities;
  if (!counts) {
    // The registry refused the advisory request or could not be reached: nothing was checked.
    if (report?.statusCode >= 400 || NETWORK.test(report?.code ?? report?.error?.code ?? "")) {
      return { outcome: "not-run", lines: [`audit NOT RUN: the advisory endpoint answered ${report.statusCode ?? report.code} (${report.uri ?? "npm registry"}).`] };
    }
    return { outcome: "fail", lines: [`npm audit failed: ${JSON.stringify(report)}`] };
  }
  const found = Object.entries(counts).filter(([level, n]) => level !== "total" && n > 0);
  if (!found.length) return { outcome: "pass", lines: [`audit: 0 known advisories in ${report.metadata.dependencies?.prod ?? "the"} production dependencies`] };
  const lines = Object.entries(report.vulnerabilities ?? {}).map(
    ([name, v]) => `${name} (${v.severity}): ${v.via.map((x) => (typeof x === "string" ? `via ${x}` : `${x.title} ${x.url}`)).join("; ")}`,
  );
  lines.push(`audit: ${found.map(([l, n]) => `${n} ${l}`).join(", ")} in production dependencies`);
  return { outcome: "fail", lines };
}
