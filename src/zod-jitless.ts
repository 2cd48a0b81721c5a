import { z } from 'zod';

// Zod probes `new Function` once to decide whether to compile parsers; under our CSP (no
// 'unsafe-eval') that probe is refused and reported. Imported first by every renderer entry point.
z.config({ jitless: true });
