/**
 * Start-up of the `quire` command: `quire --version`, `quire check` and an HTML-only build of the sample
 * book (the repository root), each in a fresh Node, run by the compiled code (lib/bin.js, which
 * `npm run build` writes: what the package runs) and by the sources through tsx (what a clone runs, and
 * what the package ran before it was compiled). Median of R runs each.
 *
 *   npm run bench:startup [-- --runs R]
 *
 * The two take turns, run for run, so that both meet the same load on a shared machine; CPU time (user +
 * system, from /usr/bin/time) suffers much less from that load than wall time.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { ROOT } from '../helpers.ts';
import { median } from './measure.ts';

const run = promisify(execFile);

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const ways = {
  compiled: [join(ROOT, 'lib', 'bin.js')],
  tsx: ['--import', 'tsx', join(ROOT, 'src', 'bin.ts')],
};
const out = await mkdtemp(join(tmpdir(), 'quire-startup-'));
const commands: Record<string, string[]> = {
  'quire --version': ['--version'],
  'quire check .': ['check', '.', '--no-epubcheck'],
  'quire build . --format html': ['build', '.', '--format', 'html', '--out', out],
};

interface Time {
  wall: number;
  cpu: number;
}

/** One run: wall seconds and CPU seconds (user + system) of the whole process. */
async function timeOnce(node: string[], args: string[]): Promise<Time> {
  const { stderr } = await run('/usr/bin/time', ['-f', 'TIME %e %U %S', process.execPath, ...node, ...args], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [wall, user, sys] = /TIME (\S+) (\S+) (\S+)\s*$/.exec(stderr)!.slice(1).map(Number) as [number, number, number];
  return { wall, cpu: user + sys };
}

const seconds = (times: Time[], key: keyof Time) => `${median(times.map((t) => t[key])).toFixed(2)} s`;

try {
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(`median of ${runs} runs; load average ${load()} at the start`);
  console.log('| command | compiled: wall | CPU | through tsx: wall | CPU |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [name, args] of Object.entries(commands)) {
    // A first run of each warms the file cache (and tsx's compile cache).
    for (const node of Object.values(ways)) await timeOnce(node, args);
    const compiled: Time[] = [];
    const tsx: Time[] = [];
    for (let i = 0; i < runs; i++) {
      compiled.push(await timeOnce(ways.compiled, args));
      tsx.push(await timeOnce(ways.tsx, args));
    }
    const cells = [compiled, tsx].flatMap((times) => [seconds(times, 'wall'), seconds(times, 'cpu')]);
    console.log(`| \`${name}\` | ${cells.join(' | ')} |`);
  }
  console.log(`load average ${load()} at the end`);
} finally {
  await rm(out, { recursive: true, force: true });
}
