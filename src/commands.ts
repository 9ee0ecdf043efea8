/**
 * `quire build` and `quire check` as the command line runs them: the library's events drawn as
 * they come (reporter.ts), the book's problems listed after the stages, grouped by kind, and with
 * `--json` one report on stdout.
 */
import { resolve } from 'node:path';
import type { OutputFormat } from './load/config-schema.ts';
import { errorProblems, reportOutputs, reportProblem, roundTimings, type JsonReport } from './report/json-report.ts';
import { formatMs, type Reporter } from './report/reporter.ts';
import { QuireErrors, isUserError, type QuireError } from './util/errors.ts';
import { removeOwnWorkDirsSync } from './util/work-dir.ts';

export interface CommandFlags {
  root: string;
  formats: OutputFormat[] | undefined;
  outDir: string | undefined;
  drafts: boolean;
  strict: boolean;
  handouts: boolean | undefined;
  epubcheck: boolean;
  /** Read and keep Quire's cache (off with --no-cache). */
  cache: boolean;
  /** Print the JSON report here (stdout), or not at all. */
  json: ((text: string) => void) | undefined;
}

/** Resolves, with the signal's name, when the user asks Quire to stop. */
type StopSignal = (() => Promise<string | void>) | undefined;

export async function runBuild(flags: CommandFlags, report: Reporter, stopSignal: StopSignal): Promise<number> {
  const started = performance.now();
  const { build } = await import('./build.ts');
  // The book's problems are listed after the stages, grouped by kind: one at a time, hundreds would
  // bury the one that matters.
  const warnings: QuireError[] = [];
  const json = (fields: Pick<JsonReport, 'ok' | 'exitCode' | 'outputs' | 'timings' | 'errors'>) =>
    flags.json?.(
      JSON.stringify(
        {
          command: 'build',
          root: resolve(flags.root),
          ...fields,
          timings: roundTimings(fields.timings),
          warnings: warnings.map((w) => reportProblem(w)),
        },
        null,
        2,
      ),
    );
  const timings: Record<string, number> = {};
  const building = build({
    root: flags.root,
    formats: flags.formats,
    outDir: flags.outDir,
    drafts: flags.drafts,
    strict: flags.strict,
    handouts: flags.handouts,
    cache: flags.cache,
    onStage: (stage, ms) => {
      timings[stage] = ms;
      report.stage(stage, ms);
    },
    onProgress: (p) => report.progress(p),
    // What happens to the build itself (a browser that crashed and is tried again) shows at once.
    onWarning: (w) => (w.file ? warnings.push(w) : report.warning(w.format())),
  });
  // Stopped mid-build: every output is still the previous one (each is renamed into place whole).
  const stopped = stopSignal?.().then((signal) => ({ signal: signal ?? 'SIGTERM' }));
  let result: Awaited<typeof building> | { signal: string };
  try {
    result = stopped ? await Promise.race([building, stopped]) : await building;
  } catch (error) {
    report.close();
    if (!flags.json) {
      report.warnings(warnings);
      throw error; // listed by main(), with the warnings that came with it
    }
    if (error instanceof QuireErrors) warnings.push(...error.warnings);
    report.warnings(warnings);
    if (isUserError(error)) report.error(error.format());
    else report.error((error as Error)?.stack ?? String(error));
    timings.total = performance.now() - started;
    json({ ok: false, exitCode: 1, outputs: [], timings, errors: errorProblems(error) });
    return 1;
  }
  report.close();
  if ('signal' in result) {
    building.catch(() => undefined);
    // The process exits now, without waiting for the build to unwind: its work folders go with it.
    removeOwnWorkDirsSync();
    report.error(`stopped by ${result.signal}: the previous outputs are kept`);
    return result.signal === 'SIGINT' ? 130 : 143;
  }
  report.warnings(warnings);
  const written = Object.values(result.files).flat();
  const total = performance.now() - started;
  report.say(`built ${written.length} output${written.length === 1 ? '' : 's'} in ${formatMs(total)}:`);
  for (const file of written) report.say(`  ${file}`);
  if (flags.json) {
    const outputs = await reportOutputs(result.files);
    json({ ok: true, exitCode: 0, outputs, timings: { ...result.timings, total }, errors: [] });
  }
  return 0;
}

export async function runCheck(flags: CommandFlags, report: Reporter): Promise<number> {
  const started = performance.now();
  const { check } = await import('./check.ts');
  const result = await check({
    root: flags.root,
    drafts: flags.drafts,
    strict: flags.strict,
    outDir: flags.outDir,
    epubcheck: flags.epubcheck,
    onProgress: (p) => {
      report.progress(p);
      if (p.done >= p.total) report.status.end(p.stage);
    },
  });
  report.close();
  report.warnings(result.warnings);
  for (const e of result.errors) report.error(e.format());
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const epub = result.epubChecked ? ` (epubcheck ran on ${result.epubChecked})` : '';
  report.say(`${count(result.errors.length, 'error')}, ${count(result.warnings.length, 'warning')}${epub}`);
  const exitCode = result.errors.length > 0 ? 1 : 0;
  const checkReport: JsonReport = {
    command: 'check',
    ok: exitCode === 0,
    exitCode,
    root: resolve(flags.root),
    outputs: [],
    timings: roundTimings({ total: performance.now() - started }),
    warnings: result.warnings.map((w) => reportProblem(w)),
    errors: result.errors.map((e) => reportProblem(e)),
    epubChecked: result.epubChecked ?? null,
  };
  flags.json?.(JSON.stringify(checkReport, null, 2));
  return exitCode;
}
