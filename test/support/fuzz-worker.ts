/**
 * The fuzz loop of test/fuzz.test.ts, in a worker thread so that a case that hangs can be stopped:
 * each input goes through load, render, assemble (site, print document) and the EPUB's XHTML, and
 * anything thrown that is not a QuireError is reported. Seeded: the same seed, the same inputs.
 */
import { writeFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { epubChapters, printDocument, sitePages } from '../../src/assemble/documents.ts';
import { loadTemplates } from '../../src/assemble/templates.ts';
import { loadBook } from '../../src/load/load-book.ts';
import { toXhtmlPieces } from '../../src/outputs/epub-xhtml.ts';
import { fontUrl, printUrls } from '../../src/outputs/print-urls.ts';
import { renderBook } from '../../src/render/render-book.ts';
import { QuireErrors, isUserError, type QuireError } from '../../src/util/errors.ts';

const { seed, budgetMs } = workerData as { seed: number; budgetMs: number };

/** mulberry32: small, fast, and the same sequence for the same seed. */
function random(s: number): () => number {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(seed);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(list: readonly T[]) => list[int(list.length)]!;

const MARKS = [
  '*',
  '_',
  '`',
  '[',
  ']',
  '(',
  ')',
  '!',
  '#',
  '>',
  '-',
  '+',
  '|',
  ':',
  '<',
  '/',
  '\\',
  '&',
  '{',
  '}',
  '^',
  '~',
  '\n',
  ' ',
  '    ',
  '\t',
  'a',
  '中',
  '1.',
  '$',
];
const generators: Record<string, () => string | Uint8Array> = {
  'random bytes': () => Uint8Array.from({ length: int(4096) }, () => int(256)),
  'random Markdown marks': () => Array.from({ length: int(3000) }, () => pick(MARKS)).join(''),
  'a huge table': () => {
    const cols = 1 + int(60);
    const row = (f: (c: number) => string) => `| ${Array.from({ length: cols }, (_, c) => f(c)).join(' | ')} |`;
    const rows = Array.from({ length: 200 + int(2000) }, (_, r) => row((c) => (rand() < 0.1 ? '`x|y`' : `${r}:${c}`)));
    return [row((c) => `h${c}`), row(() => pick(['---', ':--', '--:', ':-:'])), ...rows].join('\n');
  },
  'thousands of footnotes': () => {
    const n = 1000 + int(4000);
    const refs = Array.from({ length: n }, (_, i) => `Text[^${i % (n - int(3))}].`).join(' ');
    const defs = Array.from({ length: n }, (_, i) => `[^${i}]: Note ${i} with [^${int(n)}] and *em*.`).join('\n');
    return `${refs}\n\n${defs}\n`;
  },
  'deeply nested lists and quotes': () => {
    const depth = 20 + int(400);
    let out = '';
    for (let i = 0; i < depth; i++) out += pick(['> ', '- ', '1. ', '* ', '>', '  ']);
    return `${out}deep\n${'  '.repeat(int(200))}- item\n${'>'.repeat(int(300))} quote\n`;
  },
  'admonitions and raw HTML, unbalanced': () =>
    Array.from({ length: 50 + int(300) }, () =>
      pick([
        ':::note',
        ':::',
        ':::tip[Title',
        '<div>',
        '</div>',
        '<table><tr><td>',
        '<!--',
        '-->',
        '```',
        '~~~',
        '$$',
        '<script>',
        '<img src="x.png">',
        '{#id .c}',
        '## H {#dup}',
        '> [!NOTE]',
        '\n',
      ]),
    ).join('\n'),
};

const post = (message: object) => parentPort!.postMessage(message);

const root = await mkdtemp(join(tmpdir(), 'quire-fuzz-'));
await mkdir(join(root, 'chapters'));
await writeFile(join(root, 'book.yaml'), 'title: Fuzz\nlanguage: zh-Hant\n');
const templates = await loadTemplates(root);
const chapterFile = join(root, 'chapters', '01-fuzz.md');

async function run(name: string, input: string | Uint8Array): Promise<void> {
  post({ type: 'start', name });
  await writeFile(chapterFile, input);
  try {
    const book = await loadBook({ root });
    const rendered = renderBook(book);
    const same = { chapter: (id: string) => `${id}.html`, asset: (p: string) => p };
    sitePages(rendered, templates, same);
    printDocument(rendered, templates, { urls: printUrls(rendered), fontUrl, part: 'all', frontPages: 0 });
    for (const c of epubChapters(rendered, templates, same)) {
      try {
        Array.from(toXhtmlPieces(c.html));
      } catch (error) {
        // Raw HTML nested past the XHTML writer's stack: the EPUB output reports it as a QuireError.
        if (!(error instanceof RangeError)) throw error;
      }
    }
  } catch (error) {
    // A chapter that crashed the renderer is reported to the author as a QuireError, but it is a bug.
    const crashed = (e: QuireError) => e.message === 'cannot render this chapter';
    if (isUserError(error) && !(error instanceof QuireErrors ? error.errors.some(crashed) : crashed(error))) return;
    const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
    const cause = (error instanceof QuireErrors ? error.errors.find(crashed) : (error as Error))?.cause;
    const report = `${String((error as Error)?.stack ?? error)}${cause ? `\ncause: ${String((cause as Error).stack ?? cause)}` : ''}`;
    post({ type: 'failure', name, error: report, input: text.slice(0, 300) });
  }
}

const started = Date.now();
const spec = createRequire(import.meta.url)('commonmark-spec') as { tests: { markdown: string; number: number }[] };
for (const example of spec.tests)
  await run(`CommonMark example ${example.number}`, example.markdown.replace(/→/g, '\t'));
let cases = spec.tests.length;
const names = Object.keys(generators);
// The generated cases get the rest of the budget, and never less than 8 s.
const end = Math.max(started + budgetMs, Date.now() + 8000);
while (Date.now() < end) {
  const name = names[cases % names.length]!;
  await run(`${name} #${cases}`, generators[name]!());
  cases++;
}
post({ type: 'done', cases });
