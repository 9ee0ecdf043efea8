/**
 * One row of the corpus run: extract the archive to a fresh folder, build the root in a child
 * process under a time limit (Latin fonts only), then read back what it wrote.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, killMarked } from '../helpers.ts';
import type { CorpusRow } from './books.ts';
import type { BuildOutcome, Problem } from './build-one.ts';
import { inspectOutputs, type OutputFacts } from './inspect.ts';
import { groupKinds, type Kind } from './measures.ts';

const run = promisify(execFile);
const CHILD = join(ROOT, 'test', 'corpus', 'build-one.ts');
const STDERR_TAIL = 4000;

export interface RowOptions {
  formats: string[];
  timeoutSeconds: number;
  /** FONTCONFIG_FILE for the build. */
  fontconfig: string;
  keep: boolean;
}

export interface RowResult extends OutputFacts {
  book: string;
  archive: string;
  root: string;
  exit: BuildOutcome['exit'] | 'timeout';
  seconds: number;
  errors: Problem[];
  warnings: Problem[];
  warningKinds: Kind[];
  /** Warnings that name no file and line. */
  unplacedWarnings: number;
  /** A crash's stack, or the end of what the build process wrote to stderr. */
  crash?: string;
  /** The extracted book and its outputs, with --keep. */
  kept?: string;
}

interface ChildEnd {
  timedOut: boolean;
  stderr: string;
  seconds: number;
}

/** Run the build process; on the time limit, kill it and every process it started (found by a marker). */
function buildInChild(args: string[], options: RowOptions): Promise<ChildEnd> {
  const marker = `corpus-${process.pid}-${Date.now()}`;
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: ROOT,
    env: { ...process.env, FONTCONFIG_FILE: options.fontconfig, QUIRE_TEST_MARKER: marker },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killMarked(marker);
  }, options.timeoutSeconds * 1000);
  return new Promise((resolve) => {
    child.on('close', () => {
      clearTimeout(timer);
      // A build process killed or crashed may leave its browser behind.
      killMarked(marker);
      resolve({ timedOut, stderr, seconds: (performance.now() - start) / 1000 });
    });
  });
}

function readOutcome(file: string): BuildOutcome | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BuildOutcome;
  } catch {
    return undefined;
  }
}

export async function runRow(row: CorpusRow, options: RowOptions): Promise<RowResult> {
  const dir = await mkdtemp(join(tmpdir(), `quire-corpus-${row.archive}-`));
  try {
    await run('tar', ['-xzf', row.file, '-C', join(dir)]);
    const root = join(dir, row.root);
    const outDir = join(dir, 'quire-out');
    const resultFile = join(dir, 'quire-result.json');
    const end = existsSync(root)
      ? await buildInChild([root, outDir, options.formats.join(','), resultFile], options)
      : { timedOut: false, stderr: `no folder \`${row.root}\` in ${row.file}`, seconds: 0 };
    const outcome = end.timedOut ? undefined : readOutcome(resultFile);
    const warnings = outcome?.warnings ?? [];
    const exit = end.timedOut ? 'timeout' : (outcome?.exit ?? 'crash');
    const facts = await inspectOutputs(outDir);
    return {
      book: row.name,
      archive: row.archive,
      root: row.root,
      exit,
      seconds: outcome?.seconds ?? end.seconds,
      errors: outcome?.errors ?? [],
      warnings,
      warningKinds: groupKinds(warnings.map((w) => w.message)),
      unplacedWarnings: warnings.filter((w) => !/:\d+/.test(w.where)).length,
      ...(exit === 'crash' ? { crash: outcome?.crash ?? end.stderr.trim() } : {}),
      ...facts,
      ...(options.keep ? { kept: dir } : {}),
    };
  } finally {
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  }
}
