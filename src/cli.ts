/** The command line: parse flags, call the library, print, and return the exit code. */
import { parseArgs } from 'node:util';
import { build } from './build.ts';
import { OUTPUT_FORMATS, type OutputFormat } from './load/config-schema.ts';
import { isUserError } from './util/errors.ts';

const HELP = `Usage: quire build [root] [options]

Build the book in <root> (default: the current folder) to an HTML site, a PDF and an EPUB.

Options:
  --format <list>   outputs to build, comma-separated: html,pdf,epub (default: all, or book.yaml's output.formats)
  --out <dir>       output folder (default: dist, or book.yaml's output.dir)
  --drafts          include chapters marked draft: true
  --handouts        also write one PDF per chapter to <out>/handouts/
  -h, --help        show this help
  -v, --version     show Quire's version

Exit codes: 0 built, 1 the book has an error, 2 bad usage.`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        drafts: { type: 'boolean', default: false },
        handouts: { type: 'boolean' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    io.err(`quire: ${(error as Error).message}\n\n${HELP}`);
    return 2;
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
  if (command !== 'build' || extra.length > 0) {
    io.err(
      `quire: ${command ? `unknown command or extra argument: ${[command, ...extra].join(' ')}` : 'no command given'}\n\n${HELP}`,
    );
    return 2;
  }
  let formats: OutputFormat[] | undefined;
  if (values.format !== undefined) {
    const list = values.format
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    const bad = list.filter((f) => !(OUTPUT_FORMATS as readonly string[]).includes(f));
    if (bad.length > 0 || list.length === 0) {
      io.err(`quire: --format takes html, pdf and/or epub, not \`${bad.join(',') || values.format}\``);
      return 2;
    }
    formats = list as OutputFormat[];
  }

  const started = performance.now();
  try {
    const result = await build({
      root,
      formats,
      outDir: values.out,
      drafts: values.drafts,
      handouts: values.handouts,
      onStage: (stage, ms) => io.out(`${stage.padEnd(8)} ${formatMs(ms)}`),
      onWarning: (w) => io.err(`warning: ${w.format()}`),
    });
    const written = Object.values(result.files).flat();
    io.out(
      `built ${written.length} output${written.length === 1 ? '' : 's'} in ${formatMs(performance.now() - started)}:`,
    );
    for (const file of written) io.out(`  ${file}`);
    return 0;
  } catch (error) {
    if (isUserError(error)) {
      io.err(`error: ${error.format()}`);
      return 1;
    }
    io.err(`error: ${(error as Error).stack ?? String(error)}`);
    if ((error as Error).cause) io.err(`caused by: ${String((error as Error).cause)}`);
    return 1;
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
