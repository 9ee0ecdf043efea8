/** The corpus run's command line. */
import { parseArgs } from 'node:util';

export const FORMATS = ['html', 'pdf', 'epub'];

export const HELP = `Usage: npm run corpus -- [options]

Builds each book of the corpus (every .tar.gz in the corpus folder, at the root its README or
.source.txt names) in a fresh temporary folder, one child process per book, with Latin fonts only,
and prints a row per book.

  --books a,b        only these books (archive names, or a row name such as redux-docs/docs)
  --formats list     outputs to build (default html,pdf,epub)
  --timeout S        stop a book's build after S seconds (default 600)
  --json[=path]      print the results as JSON instead of the table, or write them to path too
  --keep             keep each extracted book and its outputs (their folders are printed)
  --require-clean    exit 1 when a book did not build or its EPUB has epubcheck errors
  --corpus DIR       the corpus folder (default ../shared/corpus beside the project)
  -h, --help         show this help

Exit codes: 0 the corpus ran (whatever the books did), 1 --require-clean and a book was not clean,
2 bad usage or no corpus.`;

export interface Options {
  corpus: string;
  books: string[] | undefined;
  formats: string[];
  timeoutSeconds: number;
  json: boolean | string;
  keep: boolean;
  requireClean: boolean;
}

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The options, or undefined when help was asked for; throws on bad usage. */
export function parseOptions(argv: string[], defaultCorpus: string): Options | undefined {
  // `--json` takes an optional value, which parseArgs cannot express: handle it first.
  let json: boolean | string = false;
  const rest = argv.filter((arg) => {
    if (arg === '--json') json = true;
    else if (arg.startsWith('--json=')) json = arg.slice('--json='.length);
    else return true;
    return false;
  });
  const { values } = parseArgs({
    args: rest,
    options: {
      books: { type: 'string' },
      formats: { type: 'string', default: FORMATS.join(',') },
      timeout: { type: 'string', default: '600' },
      keep: { type: 'boolean', default: false },
      'require-clean': { type: 'boolean', default: false },
      corpus: { type: 'string', default: defaultCorpus },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const formats = list(values.formats);
  const unknown = formats.filter((f) => !FORMATS.includes(f));
  if (unknown.length > 0 || formats.length === 0) {
    throw new Error(`--formats takes ${FORMATS.join(', ')}; got \`${values.formats}\``);
  }
  const timeoutSeconds = Number(values.timeout);
  if (!(timeoutSeconds > 0)) throw new Error(`--timeout takes a number of seconds; got \`${values.timeout}\``);
  return {
    corpus: values.corpus,
    books: values.books === undefined ? undefined : list(values.books),
    formats,
    timeoutSeconds,
    json,
    keep: values.keep,
    requireClean: values['require-clean'],
  };
}
