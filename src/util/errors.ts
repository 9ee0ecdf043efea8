/**
 * Errors a user can cause carry a location and a hint, so the CLI can print
 * `file:line:column: message`, a code frame, and what to do about it.
 * Errors from libraries are wrapped with `cause` kept, never swallowed.
 */
import { relative } from 'node:path';

export interface SourceLocation {
  /** Absolute path of the file the problem is in. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
}

export interface QuireErrorOptions extends Partial<SourceLocation> {
  /** What the user can do about it. */
  hint?: string;
  /** The file's text, to print a code frame around `line`. */
  source?: string;
  cause?: unknown;
}

export class QuireError extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly hint: string | undefined;
  readonly source: string | undefined;

  constructor(message: string, options: QuireErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'QuireError';
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.hint = options.hint;
    this.source = options.source;
  }

  /** `chapters/03.md:12:4` relative to `root`, or just the file. */
  where(root = process.cwd()): string {
    if (!this.file) return '';
    let where = relative(root, this.file) || this.file;
    if (this.line) where += `:${this.line}`;
    if (this.line && this.column) where += `:${this.column}`;
    return where;
  }

  /** The full, human-readable report. */
  format(root = process.cwd()): string {
    const where = this.where(root);
    const lines = [where ? `${where}: ${this.message}` : this.message];
    if (this.source && this.line) lines.push(codeFrame(this.source, this.line, this.column));
    if (this.hint) lines.push(`  hint: ${this.hint}`);
    // A library's own words, when it failed underneath us: often the most useful line.
    if (this.cause instanceof Error) lines.push(`  cause: ${this.cause.message.split('\n')[0]}`);
    return lines.join('\n');
  }
}

/** Several problems found in one pass (a build reports all broken links, not just the first). */
export class QuireErrors extends Error {
  /** `warnings`: problems found in the same pass that would not have stopped it, listed with the errors. */
  constructor(
    readonly errors: QuireError[],
    readonly warnings: QuireError[] = [],
  ) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'QuireErrors';
  }
  format(root = process.cwd()): string {
    return this.errors.map((e) => e.format(root)).join('\n\n');
  }
}

/** One problem as itself, several together (callers that expect one error keep getting one). */
export function problems(errors: QuireError[]): QuireError | QuireErrors {
  return errors.length === 1 ? errors[0]! : new QuireErrors(errors);
}

export function isUserError(error: unknown): error is QuireError | QuireErrors {
  return error instanceof QuireError || error instanceof QuireErrors;
}

/** A few lines of source around `line`, with a caret under `column`. */
export function codeFrame(source: string, line: number, column?: number, context = 2): string {
  const lines = source.split(/\r?\n/);
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const mark = n === line ? '>' : ' ';
    out.push(`  ${mark} ${String(n).padStart(width)} | ${lines[n - 1] ?? ''}`);
    if (n === line && column) out.push(`    ${' '.repeat(width)} | ${' '.repeat(column - 1)}^`);
  }
  return out.join('\n');
}

/** The closest candidate by edit distance, if it is close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** A warning reported as an error (`--strict`), saying so. */
export const asStrictError = (w: QuireError) =>
  new QuireError(`${w.message} (a warning, an error with --strict)`, {
    file: w.file,
    line: w.line,
    column: w.column,
    hint: w.hint,
    source: w.source,
  });
