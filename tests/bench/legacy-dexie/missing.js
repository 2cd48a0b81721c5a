// Stands in for baseline.js when this folder's dependencies could not be installed; the runner
// prints the reason instead of the dexieEncrypted figures.
const reason = 'dexie-encrypted is not installed (npm ci in tests/bench/legacy-dexie failed or was skipped)';
export async function write() {
  throw new Error(reason);
}
export async function read() {
  throw new Error(reason);
}
export function dexieVersion() {
  return 'none';
}
