#!/usr/bin/env node
// The `quire` command.
const { collectSoonerWhenLarge } = await import('./util/heap-growth.ts');
collectSoonerWhenLarge();
const { main } = await import('./cli.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Stopped by a signal: leave the abandoned build behind now (the browser goes with puppeteer's exit
// hook; the next build sweeps any temporary file it was writing).
if (code >= 128) process.exit(code);
