/**
 * Start-up of the `quire` command: `quire --version`, `quire check` and an HTML-only build of the sample
 * book (the repository root), each run R times in a fresh Node, median wall and CPU time reported.
 *
 *   npm run bench:startup [-- --runs R] [-- --bin lib/bin.js] [-- --tsx]
 *
 * `--bin` names the entry to run (default: the compiled lib/bin.js, which `npm run build` writes);
 * `--tsx` runs it through tsx, as the sources run in a clone (and as Quire's package ran before it was
 * compiled), and adds each command's first run, with tsx's compile cache empty (a fresh temporary folder).
 * CPU time (user + system, from /usr/bin/time) suffers much less than wall time from whatever else the
 * machine runs.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { ROOT } from '../helpers.ts';
import { median, round } from './measure.ts';

const run = promisify(execFile);

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    bin: { type: 'string', default: join(ROOT, 'lib', 'bin.js') },
    tsx: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const node = [...(values.tsx ? ['--import', 'tsx'] : []), values.bin];
const out = await mkdtemp(join(tmpdir(), 'quire-startup-'));
const temps = await mkdtemp(join(tmpdir(), 'quire-startup-tmp-'));
const commands: Record<string, string[]> = {
  'quire --version': ['--version'],
  'quire check .': ['check', '.', '--no-epubcheck'],
  'quire build . --format html': ['build', '.', '--format', 'html', '--out', out],
};

/** One run: wall seconds and CPU seconds (user + system) of the whole process. */
async function timeOnce(args: string[], tmp?: string): Promise<{ wall: number; cpu: number }> {
  const { stderr } = await run('/usr/bin/time', ['-f', 'TIME %e %U %S', process.execPath, ...node, ...args], {
    cwd: ROOT,
    env: tmp ? { ...process.env, TMPDIR: tmp } : process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [wall, user, sys] = /TIME (\S+) (\S+) (\S+)\s*$/.exec(stderr)!.slice(1).map(Number) as [number, number, number];
  return { wall, cpu: user + sys };
}

try {
  console.log(
    `${node.join(' ')}, median of ${runs} (load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
  const cold = values.tsx ? ' CPU, empty tsx cache |' : '';
  console.log(`| command | wall | CPU |${cold}`);
  console.log(`| --- | --- | --- |${cold ? ' --- |' : ''}`);
  for (const [name, args] of Object.entries(commands)) {
    await timeOnce(args); // warm the file cache (and tsx's compile cache) first
    const times = [];
    for (let i = 0; i < runs; i++) times.push(await timeOnce(args));
    const wall = round(median(times.map((t) => t.wall)), 2);
    const cpu = round(median(times.map((t) => t.cpu)), 2);
    let first = '';
    if (values.tsx) {
      const colds = [];
      for (let i = 0; i < runs; i++) colds.push(await timeOnce(args, await mkdtemp(join(temps, 'tmp-'))));
      first = ` ${median(colds.map((t) => t.cpu)).toFixed(2)} s |`;
    }
    console.log(`| \`${name}\` | ${wall.toFixed(2)} s | ${cpu.toFixed(2)} s |${first}`);
  }
} finally {
  await rm(out, { recursive: true, force: true });
  await rm(temps, { recursive: true, force: true });
}
