// Prints one closing line over every suite's JSON report: "tests: N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';

const reports = { unit: 'tests/.tmp/unit.json', 'unit two years ahead': 'tests/.tmp/unit-future.json', e2e: 'tests/.tmp/e2e.json', electron: 'tests/.tmp/electron.json' };
let passed = 0;
let failed = 0;
let skipped = 0;
for (const [suite, file] of Object.entries(reports)) {
  if (!existsSync(file)) {
    console.error(`test-summary: the ${suite} report ${file} is missing`);
    process.exit(1);
  }
  const json = JSON.parse(readFileSync(file, 'utf8'));
  let p, f, s;
  if (suite.startsWith('unit')) {
    p = json.numPassedTests;
    f = json.numFailedTests;
    s = json.numPendingTests + json.numTodoTests;
  } else {
    p = json.stats.expected + json.stats.flaky;
    f = json.stats.unexpected;
    s = json.stats.skipped;
  }
  console.log(`test-summary: ${suite}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
