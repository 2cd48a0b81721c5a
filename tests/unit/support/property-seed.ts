import fc from 'fast-check';

/**
 * Every property test runs from one printed seed. A failure is replayed with the same seed:
 * `FC_SEED=<seed> npx vitest run <file>`. Without FC_SEED each run draws a new one.
 */
const given = process.env.FC_SEED;
const seed = given !== undefined && /^-?\d+$/.test(given) ? Number(given) : Math.floor(Math.random() * 2 ** 31);
fc.configureGlobal({ seed });
console.log(`fast-check seed ${seed} (replay with FC_SEED=${seed})`);
