/**
 * Build one corpus book, in a process of its own so that a crash or a hang stops only this book:
 *
 *   node --import tsx test/corpus/build-one.ts <root> <outDir> <formats> <result.json>
 *
 * Writes what happened (errors, warnings, seconds) to result.json; a process that ends without
 * writing it crashed.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { build, isUserError, QuireErrors, type OutputFormat, type QuireError } from '../../src/index.ts';

export interface Problem {
  /** `file:line:column` relative to the book root (`.` for the root itself), or '' when Quire named no place. */
  where: string;
  message: string;
  hint?: string;
  /** The first line of a library's error underneath. */
  cause?: string;
}

export interface BuildOutcome {
  /** 0 built, 1 stopped with Quire's errors, crash: anything else thrown. */
  exit: '0' | '1' | 'crash';
  seconds: number;
  errors: Problem[];
  warnings: Problem[];
  /** A crash's stack. */
  crash?: string;
}

function problem(e: QuireError, root: string): Problem {
  let where = e.file === undefined ? '' : relative(root, e.file) || '.';
  if (where && e.line) where += `:${e.line}`;
  if (where && e.line && e.column) where += `:${e.column}`;
  const cause = e.cause instanceof Error ? e.cause.message.split('\n')[0] : undefined;
  return { where, message: e.message, hint: e.hint, cause };
}

async function main(): Promise<void> {
  const [root, outDir, formats, resultFile] = process.argv.slice(2);
  if (!root || !outDir || !formats || !resultFile) throw new Error('usage: build-one.ts root outDir formats result');
  const warnings: Problem[] = [];
  const start = performance.now();
  let outcome: Omit<BuildOutcome, 'seconds' | 'warnings'>;
  try {
    await build({
      root,
      outDir,
      formats: formats.split(',') as OutputFormat[],
      onWarning: (w) => warnings.push(problem(w, root)),
    });
    outcome = { exit: '0', errors: [] };
  } catch (error) {
    if (isUserError(error)) {
      const errors = error instanceof QuireErrors ? error.errors : [error];
      outcome = { exit: '1', errors: errors.map((e) => problem(e, root)) };
    } else {
      outcome = { exit: 'crash', errors: [], crash: (error as Error)?.stack ?? String(error) };
    }
  }
  const seconds = (performance.now() - start) / 1000;
  writeFileSync(resultFile, JSON.stringify({ ...outcome, seconds, warnings } satisfies BuildOutcome));
  // Whatever the build left running (a timer, a browser it failed to close) must not hold the row.
  process.exit(0);
}

await main();
