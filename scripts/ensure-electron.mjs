// `npm install` runs no install scripts (.npmrc ignore-scripts), so the Electron binary is fetched
// here, on first `npm start` / `npm run dist`, through electron's own installer.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    return require('electron');
  } catch {
    return undefined;
  }
}

if (!electronBinary()) {
  const installer = require.resolve('electron/install.js');
  const result = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0 || !electronBinary()) {
    // The installer prints a stack; its first non-frame line says what went wrong ("fetch failed").
    const detail = (result.stderr || '').split('\n').find((line) => line.trim() && !/^\s*at /.test(line))?.trim() ?? 'unknown error';
    console.error(`Could not download the Electron binary (${detail}). Connect to the internet and run npm start again.`);
    process.exit(1);
  }
}
