/**
 * What the command line prints while a book builds and after: stage times, the running stages'
 * status lines, the warnings grouped by kind, the errors in full. `quiet` keeps the errors alone;
 * `json` sends every human line to stderr, stdout being the JSON report's.
 */
import type { Progress } from '../model.ts';
import type { QuireError } from '../util/errors.ts';
import { statusDisplay, type StatusDisplay, type StatusStream } from './status.ts';
import { colourWanted, style, type ColourStream, type Style } from './style.ts';
import { formatWarnings } from './warning-groups.ts';

export interface ReporterOptions {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Where status lines are drawn (stderr): whether it is a terminal decides how. */
  stream?: StatusStream & ColourStream;
  quiet: boolean;
  json: boolean;
  verbose: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface Reporter {
  style: Style;
  status: StatusDisplay;
  /** A line of the command's own account (a finished stage, the files written). */
  say(line: string): void;
  /** A stage advanced: its status line. */
  progress(progress: Progress, line?: string): void;
  /** A stage ended: its status line goes, its time is printed. */
  stage(stage: string, ms: number): void;
  warnings(warnings: QuireError[], root?: string): void;
  /** One warning as it happens (watch mode, a browser tried again). */
  warning(text: string): void;
  /** Always printed, also with --quiet: the exit code says there was one, this says which. */
  error(text: string): void;
  close(): void;
}

export function reporter(options: ReporterOptions): Reporter {
  const stream = options.stream ?? { write: () => undefined };
  const s = style(colourWanted(stream, options.env));
  const status = options.quiet
    ? statusDisplay({ write: () => undefined }, { live: false, style: s })
    : statusDisplay(stream, { live: Boolean(stream.isTTY), style: s });
  const human = options.json ? options.err : options.out;
  const say = (line: string) => {
    if (!options.quiet) status.above(() => human(line));
  };
  return {
    style: s,
    status,
    say,
    progress: (progress, line) => status.update(progress, line),
    stage(stage, ms) {
      status.end(stage);
      say(`${stage.padEnd(8)} ${formatMs(ms)}`);
    },
    warnings(warnings, root = process.cwd()) {
      if (options.quiet) return;
      const lines = formatWarnings(warnings, root, options.verbose);
      status.above(() => lines.forEach((l) => options.err(l.replace(/^warning:/, s.warning('warning:')))));
    },
    warning(text) {
      if (!options.quiet) status.above(() => options.err(`${s.warning('warning:')} ${text}`));
    },
    error(text) {
      status.above(() => options.err(`${s.error('error:')} ${text}`));
    },
    close: () => status.close(),
  };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
