/** The command line: parse flags, call the library, print, and return the exit code. */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { runBuild, runCheck } from './commands.ts';
import { OUTPUT_FORMATS, type OutputFormat } from './load/config-schema.ts';
import { reporter, type Reporter } from './report/reporter.ts';
import { watchEvents } from './report/watch-status.ts';
import type { StatusStream } from './report/status.ts';
import type { ColourStream } from './report/style.ts';
import { QuireErrors, isUserError } from './util/errors.ts';

/** Before the flags are parsed (an error can stop parsing): how the command's problems are printed. */
const reporterFor = (argv: string[], io: Io) =>
  reporter({
    ...{ out: io.out, err: io.err, stream: io.status },
    ...{ quiet: argv.includes('--quiet'), json: argv.includes('--json'), verbose: argv.includes('--verbose') },
  });

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
  --quiet           print only errors (no stages, progress or warnings)
  --json            build, check: print a JSON report on stdout (the rest goes to stderr)
  --no-cache        build, watch: use no cache (drawn diagrams and covers, fetched images, print layout)
  --no-epubcheck    check: skip epubcheck on the last EPUB (run when Java and epubcheck are installed)
  --handouts        build: also write one PDF per chapter to <out>/handouts/
  --port <n>        watch: preview port (default 3000, or the next free one)
  --host <name>     watch: address to serve on (default 127.0.0.1; anything else is reachable from other machines)
  --open            watch: open the preview in the default browser
  --templates       init: also copy the default templates into templates/, to customise
  -h, --help        show this help
  -v, --version     show Quire's version

Exit codes: 0 done (check: no errors), 1 the book has an error, 2 bad usage.
Colour: on a terminal; NO_COLOR=1 turns it off, FORCE_COLOR=1 on.`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Resolves, with the signal's name, when the user asks Quire to stop (Ctrl-C, SIGTERM). */
  stopSignal?: () => Promise<string | void>;
  /** Where progress is drawn (stderr): live status lines on a terminal, plain lines elsewhere. */
  status?: StatusStream & ColourStream;
}

const consoleIo: Io = {
  out: (l) => console.log(l),
  err: (l) => console.error(l),
  status: process.stderr,
  stopSignal: () => new Promise((stop) => ['SIGINT', 'SIGTERM'].forEach((s) => process.once(s, () => stop(s)))),
};

class UsageError extends Error {}

export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  const report = reporterFor(argv, io);
  try {
    return await run(argv, io, report);
  } catch (error) {
    report.close();
    if (error instanceof UsageError) {
      io.err(`quire: ${error.message}\n\n${HELP}`);
      return 2;
    }
    if (isUserError(error)) {
      if (error instanceof QuireErrors) report.warnings(error.warnings);
      report.error(error.format());
      return 1;
    }
    report.error((error as Error).stack ?? String(error));
    if ((error as Error).cause) io.err(`caused by: ${String((error as Error).cause)}`);
    return 1;
  }
}

async function run(argv: string[], io: Io, report: Reporter): Promise<number> {
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
        quiet: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
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
  if (values.json && command !== 'build' && command !== 'check')
    throw new UsageError('--json is for `quire build` and `quire check`');
  const formats = values.format === undefined ? undefined : parseFormats(values.format);

  // Each command loads only the modules it uses: `quire check` starts without the browser's libraries.
  if (command === 'init') {
    const { initBook } = await import('./init/init.ts');
    const { root: created, files } = await initBook({ dir: root, templates: values.templates });
    io.out(`created a book in ${created}:`);
    for (const file of files) io.out(`  ${file}`);
    io.out(`next: quire build ${root}   (or quire watch ${root} for a live preview)`);
    return 0;
  }
  const flags = {
    ...{ root, formats, outDir: values.out, drafts: values.drafts, strict: values.strict },
    ...{ handouts: values.handouts, epubcheck: !values['no-epubcheck'], json: values.json ? io.out : undefined },
    cache: !values['no-cache'],
  };
  if (command === 'check') return runCheck(flags, report);
  if (command === 'build') return runBuild(flags, report, io.stopSignal);

  return runWatch(flags, values, io, report);
}

/** `quire watch`: until the user stops it. */
async function runWatch(
  flags: { root: string; formats?: OutputFormat[]; outDir?: string; drafts: boolean; cache: boolean },
  values: { port?: string; host?: string; open?: boolean },
  io: Io,
  report: Reporter,
): Promise<number> {
  const { root, formats } = flags;
  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port takes a port number, not \`${values.port}\``);
  const host = values.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    report.warning(`serving on ${host}: other machines that can reach it can read the book's preview`);
  }
  const { watch } = await import('./watch/watch.ts');
  const watcher = await watch({
    root,
    formats,
    outDir: flags.outDir,
    drafts: flags.drafts,
    cache: flags.cache,
    host,
    port,
    onEvent: watchEvents(report, io.out),
  });
  if (values.open) openInBrowser(watcher.url);
  await (io.stopSignal ?? consoleIo.stopSignal!)();
  io.out('stopping…');
  report.close();
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
