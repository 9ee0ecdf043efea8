/** The command line: parse flags, call the library, print, and return the exit code. */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { OUTPUT_FORMATS, type OutputFormat } from './load/config-schema.ts';
import { formatWarnings } from './report/warning-groups.ts';
import { QuireErrors, isUserError, type QuireError } from './util/errors.ts';
import { removeOwnWorkDirsSync } from './util/work-dir.ts';

/** Before the flags are parsed (an error can stop parsing): whether all of a kind's places are listed. */
const verbose = (argv: string[]) => argv.includes('--verbose');

const HELP = `Usage:
  quire build [root] [options]   build the book to an HTML site, a PDF and an EPUB
  quire watch [root] [options]   build, serve a live preview, and rebuild on every save
  quire init [dir] [options]     start a new book in dir (new or empty): book.yaml and example chapters
  quire check [root] [options]   check the book as a build would, without writing anything

<root> is the book's folder (default: the current folder).

Options:
  --format <list>   outputs, comma-separated: html,pdf,epub (default: all, or book.yaml's output.formats)
  --out <dir>       output folder (default: dist, or book.yaml's output.dir)
  --drafts          include chapters marked draft: true
  --strict          build, check: treat every warning as an error (for CI)
  --verbose         list every place of each kind of warning (default: the first few)
  --no-cache        build, watch: neither read nor keep drawn diagrams, covers and fetched images
  --no-epubcheck    check: skip epubcheck on the last EPUB (run when Java and epubcheck are installed)
  --handouts        build: also write one PDF per chapter to <out>/handouts/
  --port <n>        watch: preview port (default 3000, or the next free one)
  --host <name>     watch: address to serve on (default 127.0.0.1; anything else is reachable from other machines)
  --open            watch: open the preview in the default browser
  --templates       init: also copy the default templates into templates/, to customise
  -h, --help        show this help
  -v, --version     show Quire's version

Exit codes: 0 done (check: no errors), 1 the book has an error, 2 bad usage.`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Resolves, with the signal's name, when the user asks Quire to stop (Ctrl-C, SIGTERM). */
  stopSignal?: () => Promise<string | void>;
}

const consoleIo: Io = {
  out: (l) => console.log(l),
  err: (l) => console.error(l),
  stopSignal: () => new Promise((stop) => ['SIGINT', 'SIGTERM'].forEach((s) => process.once(s, () => stop(s)))),
};

class UsageError extends Error {}

export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`quire: ${error.message}\n\n${HELP}`);
      return 2;
    }
    if (isUserError(error)) {
      if (error instanceof QuireErrors) formatWarnings(error.warnings, process.cwd(), verbose(argv)).forEach(io.err);
      io.err(`error: ${error.format()}`);
      return 1;
    }
    io.err(`error: ${(error as Error).stack ?? String(error)}`);
    if ((error as Error).cause) io.err(`caused by: ${String((error as Error).cause)}`);
    return 1;
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        drafts: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        'no-epubcheck': { type: 'boolean', default: false },
        'no-cache': { type: 'boolean', default: false },
        handouts: { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        open: { type: 'boolean', default: false },
        templates: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (values.version) {
    const pkg = (await import('../package.json', { with: { type: 'json' } })).default;
    io.out(pkg.version);
    return 0;
  }
  const [command, root = '.', ...extra] = positionals;
  if (command !== 'build' && command !== 'watch' && command !== 'init' && command !== 'check') {
    throw new UsageError(command ? `unknown command \`${command}\`` : 'no command given');
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra.join(' ')}`);
  const formats = values.format === undefined ? undefined : parseFormats(values.format);
  const onStage = (stage: string, ms: number) => io.out(`${stage.padEnd(8)} ${formatMs(ms)}`);

  // Each command loads only the modules it uses: `quire check` starts without the browser's libraries.
  if (command === 'init') {
    const { initBook } = await import('./init/init.ts');
    const { root: created, files } = await initBook({ dir: root, templates: values.templates });
    io.out(`created a book in ${created}:`);
    for (const file of files) io.out(`  ${file}`);
    io.out(`next: quire build ${root}   (or quire watch ${root} for a live preview)`);
    return 0;
  }
  if (command === 'check') {
    const { check } = await import('./check.ts');
    const result = await check({
      root,
      drafts: values.drafts,
      strict: values.strict,
      outDir: values.out,
      epubcheck: !values['no-epubcheck'],
    });
    formatWarnings(result.warnings, process.cwd(), values.verbose).forEach(io.err);
    for (const e of result.errors) io.err(`error: ${e.format()}`);
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    const epub = result.epubChecked ? ` (epubcheck ran on ${result.epubChecked})` : '';
    io.out(`${count(result.errors.length, 'error')}, ${count(result.warnings.length, 'warning')}${epub}`);
    return result.errors.length > 0 ? 1 : 0;
  }

  if (command === 'build') {
    const started = performance.now();
    const { build } = await import('./build.ts');
    // The book's problems are listed after the stages, grouped by kind: one at a time, hundreds would
    // bury the one that matters.
    const warnings: QuireError[] = [];
    const building = build({
      root,
      formats,
      outDir: values.out,
      drafts: values.drafts,
      strict: values.strict,
      handouts: values.handouts,
      cache: !values['no-cache'],
      onStage,
      // What happens to the build itself (a browser that crashed and is tried again) shows at once.
      onWarning: (w) => (w.file ? warnings.push(w) : io.err(`warning: ${w.format()}`)),
    });
    // Stopped mid-build: every output is still the previous one (each is renamed into place whole).
    const stopped = io.stopSignal?.().then((signal) => ({ signal: signal ?? 'SIGTERM' }));
    let result: Awaited<typeof building> | { signal: string };
    try {
      result = stopped ? await Promise.race([building, stopped]) : await building;
    } catch (error) {
      formatWarnings(warnings, process.cwd(), values.verbose).forEach(io.err);
      throw error;
    }
    if ('signal' in result) {
      building.catch(() => undefined);
      // The process exits now, without waiting for the build to unwind: its work folders go with it.
      removeOwnWorkDirsSync();
      io.err(`stopped by ${result.signal}: the previous outputs are kept`);
      return result.signal === 'SIGINT' ? 130 : 143;
    }
    formatWarnings(warnings, process.cwd(), values.verbose).forEach(io.err);
    const written = Object.values(result.files).flat();
    io.out(
      `built ${written.length} output${written.length === 1 ? '' : 's'} in ${formatMs(performance.now() - started)}:`,
    );
    for (const file of written) io.out(`  ${file}`);
    return 0;
  }

  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port takes a port number, not \`${values.port}\``);
  const host = values.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    io.err(`warning: serving on ${host}: other machines that can reach it can read the book's preview`);
  }
  const { watch } = await import('./watch/watch.ts');
  const watcher = await watch({
    root,
    formats,
    outDir: values.out,
    drafts: values.drafts,
    cache: !values['no-cache'],
    host,
    port,
    onEvent: (e) => {
      if (e.type === 'listening') io.out(`preview at ${e.url}`);
      else if (e.type === 'build-start') io.out(`[${e.id}] ${e.kind} build: ${e.changes.join(', ') || 'PDF and EPUB'}`);
      else if (e.type === 'build-end')
        io.out(`[${e.id}] ${e.kind} build ${e.ok ? 'done' : 'failed'} in ${formatMs(e.ms)}`);
      else if (e.type === 'error') io.err(`error: ${e.message}`);
      else io.err(`warning: ${e.message}`);
    },
  });
  if (values.open) openInBrowser(watcher.url);
  await (io.stopSignal ?? consoleIo.stopSignal!)();
  io.out('stopping…');
  await watcher.close();
  return 0;
}

function parseFormats(value: string): OutputFormat[] {
  const list = value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const bad = list.filter((f) => !(OUTPUT_FORMATS as readonly string[]).includes(f));
  if (bad.length > 0 || list.length === 0) {
    throw new UsageError(`--format takes html, pdf and/or epub, not \`${bad.join(',') || value}\``);
  }
  return list as OutputFormat[];
}

function openInBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(opener, [url], { stdio: 'ignore', detached: true })
    .on('error', () => undefined)
    .unref();
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
