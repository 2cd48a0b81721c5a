#!/usr/bin/env node
import { main } from '../dist/waystation-handoff.mjs';

process.exitCode = await main(process.argv.slice(2));
