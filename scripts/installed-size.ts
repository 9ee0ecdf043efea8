/**
 * `npm run size`: what installing Quire puts on a user's disk. Packs Quire (`npm pack`, which builds it),
 * installs the tarball into an empty folder with npm — as `npm install quire` would, optional fonts and
 * all, and again without them (`--omit=optional`) — and sums the files under node_modules.
 *
 *   npm run size [-- --compare] [-- --top N]
 *
 * `--compare` installs md-to-pdf and Vivliostyle CLI from npm the same way. Sizes are the files' own
 * bytes (what a download unpacks to), not disk blocks; install scripts are not run, so a browser that a
 * package downloads on install or first use (md-to-pdf's puppeteer does) is not counted.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const MB = 1024 * 1024;

const { values } = parseArgs({
  options: { compare: { type: 'boolean', default: false }, top: { type: 'string', default: '8' } },
});

/** Bytes of every file under `dir`, by top-level package (`@scope/name` or `name`). */
async function sizeByPackage(dir: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const parts = path.slice(dir.length + 1).split('/');
    const name = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    sizes.set(name, (sizes.get(name) ?? 0) + (await stat(path)).size);
  }
  return sizes;
}

interface Measure {
  what: string;
  bytes: number;
  packages: number;
  largest: [string, number][];
}

async function install(what: string, spec: string, flags: string[] = []): Promise<Measure> {
  const dir = await mkdtemp(join(tmpdir(), 'quire-size-'));
  try {
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'size', private: true }));
    process.stderr.write(`installing ${what}…\n`);
    // No install scripts: puppeteer's would download a Chrome, which is not node_modules' size.
    const npmFlags = ['--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'];
    await run('npm', ['install', ...npmFlags, ...flags, spec], {
      cwd: dir,
      maxBuffer: 1 << 26,
    });
    const sizes = await sizeByPackage(join(dir, 'node_modules'));
    const { stdout } = await run('npm', ['ls', '--all', '--parseable'], { cwd: dir, maxBuffer: 1 << 26 });
    return {
      what,
      bytes: [...sizes.values()].reduce((a, b) => a + b, 0),
      packages: stdout.trim().split('\n').length - 1,
      largest: [...sizes].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const work = await mkdtemp(join(tmpdir(), 'quire-pack-'));
try {
  await mkdir(work, { recursive: true });
  process.stderr.write('packing Quire (npm pack builds it)…\n');
  const { stdout } = await run('npm', ['pack', '--pack-destination', work], { cwd: ROOT, maxBuffer: 1 << 26 });
  const tarball = join(work, stdout.trim().split('\n').at(-1)!);
  const tarballSize = (await stat(tarball)).size;
  const measures = [
    await install('quire', tarball),
    await install('quire --omit=optional', tarball, ['--omit=optional']),
  ];
  if (values.compare) {
    measures.push(await install('md-to-pdf', 'md-to-pdf'));
    measures.push(await install('@vivliostyle/cli', '@vivliostyle/cli'));
  }
  console.log(`Quire's tarball: ${(tarballSize / 1024).toFixed(0)} kB`);
  console.log('| install | node_modules | packages | largest |');
  console.log('| --- | --- | --- | --- |');
  for (const m of measures) {
    const largest = m.largest.map(([name, bytes]) => `${name} ${(bytes / MB).toFixed(0)}`).join(', ');
    console.log(`| \`${m.what}\` | ${(m.bytes / MB).toFixed(0)} MB | ${m.packages} | ${largest} (MB) |`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
