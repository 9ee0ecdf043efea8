/**
 * `--json`: one document on stdout for CI to read instead of text, its shape fixed by
 * schema/report.schema.json (shipped with the package, checked in the tests).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, relative } from 'node:path';
import { QuireErrors, isUserError, type QuireError } from '../util/errors.ts';
import { warningKind } from './warning-groups.ts';

export interface ReportProblem {
  /** The message with its specifics left out: problems of one kind share it (warning-groups.ts). */
  kind: string;
  message: string;
  /** Relative to the current folder, as the human output prints it. */
  file: string | null;
  line: number | null;
  column: number | null;
  hint: string | null;
}

export interface ReportOutput {
  /** The output it belongs to: `html`, `pdf`, `epub`, `handouts`. */
  format: string;
  /** Absolute path (for the site, its index.html). */
  file: string;
  bytes: number;
  /** For a PDF, its page count. */
  pages?: number;
}

export interface JsonReport {
  command: 'build' | 'check';
  ok: boolean;
  exitCode: number;
  /** Absolute path of the book's folder. */
  root: string;
  outputs: ReportOutput[];
  /** Milliseconds per stage, and `total` for the whole command. */
  timings: Record<string, number>;
  warnings: ReportProblem[];
  errors: ReportProblem[];
  /** check: the EPUB epubcheck ran on, or null. */
  epubChecked?: string | null;
}

export function reportProblem(problem: QuireError, cwd = process.cwd()): ReportProblem {
  return {
    kind: warningKind(problem.message),
    message: problem.message,
    file: problem.file ? relative(cwd, problem.file) || problem.file : null,
    line: problem.line ?? null,
    column: problem.column ?? null,
    hint: problem.hint ?? null,
  };
}

/** The errors a failed command reports: a book's problems each, anything else (a bug) as one. */
export function errorProblems(error: unknown): ReportProblem[] {
  if (isUserError(error)) return (error instanceof QuireErrors ? error.errors : [error]).map((e) => reportProblem(e));
  const message = (error as Error)?.stack ?? String(error);
  return [{ kind: 'internal error', message, file: null, line: null, column: null, hint: null }];
}

/** Milliseconds to a tenth: finer is noise. */
export function roundTimings(timings: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(timings).map(([stage, ms]) => [stage, Math.round(ms * 10) / 10]));
}

/** Each file written, with its size, and a PDF's page count read back from it. */
export async function reportOutputs(files: Partial<Record<string, string[]>>): Promise<ReportOutput[]> {
  const outputs: ReportOutput[] = [];
  for (const [format, list] of Object.entries(files)) {
    for (const file of list ?? []) {
      const output: ReportOutput = { format, file, bytes: (await stat(file)).size };
      if (extname(file) === '.pdf') output.pages = await pdfPageCount(file);
      outputs.push(output);
    }
  }
  return outputs;
}

async function pdfPageCount(file: string): Promise<number> {
  const [{ scanPdf }, { loadPdf }] = await Promise.all([
    import('../outputs/pdf/scan.ts'),
    import('../outputs/pdf/finish.ts'),
  ]);
  const bytes = new Uint8Array(await readFile(file));
  return scanPdf(bytes)?.pageCount ?? (await loadPdf(bytes)).getPageCount();
}
