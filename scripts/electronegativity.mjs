// Runs Electronegativity through its run() API and fails on any finding not justified in
// electronegativity-allow.json, and on any parse error: its CLI exits 0 with findings and
// silently skips files it cannot parse (docs/threat-model.md §20).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const electronegativity = require('@doyensec/electronegativity');
const run = electronegativity.default ?? electronegativity;
const electronVersion = require('electron/package.json').version;
const allow = JSON.parse(readFileSync(new URL('../electronegativity-allow.json', import.meta.url), 'utf8'));

const inputs = process.argv.slice(2).length ? process.argv.slice(2) : ['electron'];
let failed = false;
let total = 0;
for (const input of inputs) {
    // The release-list check downloads from GitHub; the pinned version is reviewed by hand instead.
  const result = await run({
    input,
    electronVersionOverride: electronVersion,
    isRelative: true,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    parserPlugins: [],
  });
  const hard = result.errors.filter((e) => !e.tolerable);
  for (const e of result.errors) {
    console.error(`electronegativity: could not parse ${e.file}: ${e.message}`);
    failed = true;
  }
  for (const issue of result.issues) {
    total++;
    const file = path.join(input, issue.file).split(path.sep).join('/');
    const entry = allow.find((a) => a.id === issue.id && a.file === file);
    const where = `${issue.id} ${file}:${issue.location.line}:${issue.location.column}`;
    if (entry) console.log(`electronegativity: allowed ${where} — ${entry.reason}`);
    else {
      console.error(`electronegativity: FINDING ${where} (${issue.severity.name}/${issue.confidence.name}) ${issue.description}`);
      failed = true;
    }
  }
  if (hard.length === 0 && result.errors.length === 0) console.log(`electronegativity: ${input}: ${result.issues.length} finding(s), 0 parse errors`);
}
const unjustified = failed ? 'some' : 0;
console.log(`electronegativity: ${total} finding(s) in total, ${unjustified} unjustified`);
process.exit(failed ? 1 : 0);
