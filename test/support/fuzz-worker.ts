/**
 * The fuzz loop of test/render/fuzz.test.ts, in a worker thread so that a case that hangs can be stopped:
 * each input goes through load, render, assemble (site, print document) and the EPUB's XHTML, and
 * every error is reported unless expected-errors.ts finds it right for that input (a QuireError is
 * no excuse: "cannot parse this chapter" is one). Seeded: the same seed, the same inputs.
 * `inject` adds a markdown-it rule that throws, to show that such a failure is reported.
 */
import { writeFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { epubChapters, printDocument } from '../../src/assemble/documents.ts';
import { sitePages } from '../../src/assemble/site-pages.ts';
import { loadTemplates } from '../../src/assemble/templates.ts';
import { loadBook } from '../../src/load/load-book.ts';
import { toXhtmlPieces } from '../../src/outputs/epub/xhtml.ts';
import { fontUrl, printUrls } from '../../src/outputs/print-urls.ts';
import { HighlightMemo } from '../../src/render/highlight-memo.ts';
import { createMarkdown } from '../../src/render/markdown.ts';
import { renderBook } from '../../src/render/render-book.ts';
import { QuireError, QuireErrors } from '../../src/util/errors.ts';
import { whyExpected } from './expected-errors.ts';

export interface FuzzOptions {
  seed: number;
  /** Milliseconds for the whole run; the generated cases get what the CommonMark examples leave. */
  budgetMs: number;
  /** Milliseconds the generated cases get at least (0: none when the budget is spent). */
  minGeneratedMs: number;
  /** A throwing rule added to markdown-it: in parsing (a TypeError) or in rendering (a QuireError). */
  inject?: 'parse' | 'render';
}

const { seed, budgetMs, minGeneratedMs, inject } = workerData as FuzzOptions;

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

const LANGUAGE = 'zh-Hant';
const root = await mkdtemp(join(tmpdir(), 'quire-fuzz-'));
await mkdir(join(root, 'chapters'));
await writeFile(join(root, 'book.yaml'), `title: Fuzz\nlanguage: ${LANGUAGE}\n`);
const templates = await loadTemplates(root);
const chapterFile = join(root, 'chapters', '01-fuzz.md');
const highlights = new HighlightMemo();
const md = createMarkdown(LANGUAGE, highlights.highlight);
if (inject === 'parse') {
  md.core.ruler.push('injected', (state) => {
    if (state.src.includes('*')) throw new TypeError('injected parse failure');
  });
}
if (inject === 'render') {
  md.renderer.rules.em_open = () => {
    throw new QuireError('injected render failure');
  };
}

async function run(name: string, input: string | Uint8Array): Promise<void> {
  post({ type: 'start', name });
  await writeFile(chapterFile, input);
  try {
    const book = await loadBook({ root });
    // A fresh cache each time (nothing reused between cases), holding the markdown-it instance above.
    const rendered = await renderBook(book, {
      chapters: new Map(),
      markdown: { language: LANGUAGE, hidden: JSON.stringify(book.hiddenLines ?? null), md, highlights },
    });
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
    const errors = error instanceof QuireErrors ? error.errors : [error as Error];
    const bugs = errors.filter((e) => !(e instanceof QuireError && whyExpected(e, input, chapterFile)));
    if (bugs.length === 0) return;
    const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
    const report = bugs
      .map(
        (e) => `${String(e?.stack ?? e)}${e?.cause ? `\ncause: ${String((e.cause as Error).stack ?? e.cause)}` : ''}`,
      )
      .join('\n\n');
    post({ type: 'failure', name, error: report, input: text.slice(0, 300) });
  }
}

const started = Date.now();
const spec = createRequire(import.meta.url)('commonmark-spec') as { tests: { markdown: string; number: number }[] };
for (const example of spec.tests)
  await run(`CommonMark example ${example.number}`, example.markdown.replace(/→/g, '\t'));
let cases = spec.tests.length;
const names = Object.keys(generators);
// The generated cases get the rest of the budget, and never less than minGeneratedMs.
const end = Math.max(started + budgetMs, Date.now() + minGeneratedMs);
while (Date.now() < end) {
  const name = names[cases % names.length]!;
  await run(`${name} #${cases}`, generators[name]!());
  cases++;
}
post({ type: 'done', cases });
