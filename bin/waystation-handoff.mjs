#!/usr/bin/env node
// The same entry point as the partner package's (packages/waystation-handoff), for running from a checkout.
import '../packages/waystation-handoff/bin/waystation-handoff.mjs';
