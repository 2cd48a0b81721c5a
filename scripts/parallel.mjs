// Runs independent commands side by side, as many at once as the machine has cores (at least 2), in
// the order given (longest first keeps the cores busy): tsc and ESLint use one core each, so the
// typecheck and lint steps take about half as long on the test machine's two cores. Each command's
// output is printed in one piece when it ends, so the log stays readable; exits 1 if any failed.
// Usage: node scripts/parallel.mjs "<command>" "<command>" ...
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const commands = process.argv.slice(2);
const slots = Math.max(2, availableParallelism());
let failed = 0;
let next = 0;

function run(command) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      if (!ok) failed++;
      process.stdout.write(`\n> ${command}  (${ok ? 'ok' : `FAILED: ${signal ?? `exit ${code}`}`}, ${seconds} s)\n`);
      process.stdout.write(Buffer.concat(output));
      resolve();
    });
  });
}

async function lane() {
  while (next < commands.length) await run(commands[next++]);
}

await Promise.all(Array.from({ length: Math.min(slots, commands.length) }, lane));
process.exit(failed === 0 ? 0 : 1);
