// `npm run audit`: `npm audit --omit=dev` over what ships, failing on any known advisory (README.md, the `npm run audit` row).
// Where the registry's advisory endpoint cannot be reached or refuses the request (this project's
// offline build machine gets 405 from a registry that serves packages only), no audit happened: it
// says so plainly and does not fail the build; any other error does.
import { spawnSync } from "node:child_process";
import { auditVerdict } from "./audit-verdict.mjs";

const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", timeout: 120_000 });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`npm audit gave no JSON report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
}
const { outcome, lines } = auditVerdict(report);
(outcome === "fail" ? console.error : console.log)(lines.join("\n"));
process.exit(outcome === "fail" ? 1 : 0);
