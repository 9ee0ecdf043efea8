#!/usr/bin/env node
// The `quire` command. Quire is written in TypeScript and run through tsx, so there is no compile step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
