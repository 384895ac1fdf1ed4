// Adds up the vitest JSON reports of every workspace package and prints one
// line "tests: N passed, N failed, N skipped". Exits non-zero when a test
// failed or was skipped, when a package with tests wrote no report, or when
// no test ran at all, so a suite that silently did nothing fails the run.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const repoRoot = join(import.meta.dirname, "..");
const packageDirs = [
  ...readdirSync(join(repoRoot, "packages")).map((name) =>
    join(repoRoot, "packages", name),
  ),
  join(repoRoot, "conformance"),
  join(repoRoot, "bench"),
  ...readdirSync(join(repoRoot, "examples")).map((name) =>
    join(repoRoot, "examples", name),
  ),
  ...readdirSync(join(repoRoot, "tests")).map((name) =>
    join(repoRoot, "tests", name),
  ),
];

let passed = 0;
let failed = 0;
let skipped = 0;
const problems: string[] = [];

for (const dir of packageDirs) {
  if (!existsSync(join(dir, "package.json"))) {
    continue;
  }
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (manifest.scripts?.test === undefined) {
    continue;
  }
  const reportPath = join(dir, ".tmp", "test-results.json");
  if (!existsSync(reportPath)) {
    problems.push(`${manifest.name} wrote no test report`);
    continue;
  }
  const report = JSON.parse(readFileSync(reportPath, "utf8")) as VitestReport;
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  if (report.numPassedTests === 0) {
    problems.push(`${manifest.name} passed no test`);
  }
  if (report.numPendingTests + report.numTodoTests > 0) {
    problems.push(
      `${manifest.name} skipped ${report.numPendingTests + report.numTodoTests} tests`,
    );
  }
}

for (const problem of problems) {
  console.error(`error: ${problem}`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || problems.length > 0 || passed === 0 ? 1 : 0);
