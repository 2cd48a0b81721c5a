#!/usr/bin/env node
import { main } from '../out/cli/waystation-handoff.mjs';

process.exitCode = await main(process.argv.slice(2));
