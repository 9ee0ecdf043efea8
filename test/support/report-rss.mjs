// Preloaded into a child `quire` by tests: prints the process's peak resident memory when it exits.
import { writeSync } from 'node:fs';

process.on('exit', () => writeSync(2, `\nquire-peak-rss-kb ${process.resourceUsage().maxRSS}\n`));
