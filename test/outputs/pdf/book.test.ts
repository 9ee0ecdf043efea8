/**
 * The PDF as a book: contents with true page numbers, folios, running heads, bookmarks,
 * metadata, reproducible bytes, print typography and handouts. Real Chromium prints; poppler
 * and pdfjs read the results back.
 */
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { parse as parseYaml } from 'yaml';
import { build, type BuildResult } from '../../../src/index.ts';
import { generateBook } from '../../bench/generate-book.ts';
import { ROOT, fixture, pdfFonts, pdfInfo, squeeze, tempDir, writeBook } from '../../helpers.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Each page's text in reading layout (pdftotext -layout keeps a line's parts together). */
async function layoutPages(file: string): Promise<string[][]> {
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: 256 << 20 });
  return stdout
    .split('\f')
    .slice(0, -1)
    .map((page) => page.split('\n').filter((line) => line.trim() !== ''));
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Folios of the front matter, as a reader counts them. */
const ROMAN = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii', 'xiii', 'xiv', 'xv', 'xvi'];

/** A chapter as its Markdown file says it: the title, its label when numbered, and its `##` sections. */
interface SourceChapter {
  title: string;
  /** "Chapter 3", "第 3 章"; none for `numbered: false`. */
  label: string | undefined;
  /** Label and title as running heads and bookmarks print them. */
  labelled: string;
  sections: string[];
}

/** How a book in each language labels its chapters: "Chapter 3: Title", "第 3 章" and an ideographic space. */
const LABELS: Record<string, { label: (n: number) => string; joiner: string }> = {
  en: { label: (n) => `Chapter ${n}`, joiner: ': ' },
  'zh-Hant': { label: (n) => `第 ${n} 章`, joiner: '\u3000' },
};

/** The book's settings and its chapters, read from book.yaml and chapters/*.md in file order. */
async function readSource(root: string): Promise<{ config: Record<string, unknown>; chapters: SourceChapter[] }> {
  const config = parseYaml(await readFile(join(root, 'book.yaml'), 'utf8')) as Record<string, unknown>;
  const { label, joiner } = LABELS[String(config.language)]!;
  const files = (await readdir(join(root, 'chapters'))).filter((f) => f.endsWith('.md')).sort();
  let number = 0;
  const chapters: SourceChapter[] = [];
  for (const file of files) {
    const text = await readFile(join(root, 'chapters', file), 'utf8');
    const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
    const meta = front ? (parseYaml(front[1]!) as Record<string, unknown>) : {};
    const body = text.slice(front?.[0].length ?? 0).replace(/^```[\s\S]*?^```/gm, '');
    const title = typeof meta.title === 'string' ? meta.title : /^# (.+)$/m.exec(body)![1]!;
    const sections = [...body.matchAll(/^## (.+?)(?:\s*\{#[^}]*\})?$/gm)].map((m) => m[1]!);
    const own = meta.numbered === false ? undefined : label(++number);
    chapters.push({ title, label: own, labelled: own ? `${own}${joiner}${title}` : title, sections });
  }
  return { config, chapters };
}

interface Printed {
  result: BuildResult;
  source: Awaited<ReturnType<typeof readSource>>;
  pdf: string;
  pages: string[][];
  /** Index of the page each chapter opens on. */
  chapterPage: number[];
  /** Pages before the first numbered chapter. */
  frontPages: number;
}

async function printBook(root: string, outDir: string, env: Record<string, string> = {}): Promise<Printed> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  let result: BuildResult;
  try {
    result = await build({ root, outDir, formats: ['pdf'] });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const pdf = result.files.pdf![0]!;
  const pages = await layoutPages(pdf);
  const source = await readSource(root);
  // A chapter opens on the first page, after the previous chapter's, with its title on a line of its own
  // near the top (contents lines end in page numbers, so they never match).
  let from = 2;
  const chapterPage = source.chapters.map((c) => {
    const title = squeeze(c.title);
    for (let i = from; i < pages.length; i++) {
      if (pages[i]!.slice(0, 6).some((line) => squeeze(line) === title)) {
        from = i + 1;
        return i;
      }
    }
    assert.fail(`chapter "${c.title}" not found on any page after page ${from}`);
  });
  const firstNumbered = source.chapters.findIndex((c) => c.label !== undefined);
  const frontPages = chapterPage[firstNumbered === -1 ? 0 : firstNumbered]!;
  assert.ok(frontPages <= ROMAN.length, `front matter of ${frontPages} pages: the test knows its numerals`);
  return { result, source, pdf, pages, chapterPage, frontPages };
}

function folio(printed: Printed, index: number): string {
  return index < printed.frontPages ? ROMAN[index]! : String(index - printed.frontPages + 1);
}

/** The contents' lines that end in a page number, in order: [text before the number, the number]. */
function tocLines(printed: Printed): [string, string][] {
  return printed.pages
    .slice(0, printed.frontPages)
    .flat()
    .map((line) => /^(.*?)\s+(\d+|[ivxlcdm]+)\s*$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && m[1]!.trim() !== '')
    .map((m) => [squeeze(m[1]!), m[2]!]);
}

/** Where a section heading lands: the first page, from its chapter's opening, that has it on a line of its own. */
function sectionPage(printed: Printed, chapterIndex: number, text: string): number {
  const end = printed.chapterPage[chapterIndex + 1] ?? printed.pages.length;
  for (let i = printed.chapterPage[chapterIndex]!; i < end; i++) {
    if (printed.pages[i]!.some((line) => squeeze(line) === squeeze(text))) return i;
  }
  assert.fail(`section "${text}" not found in its chapter`);
}

function checkContents(printed: Printed): void {
  const { chapters } = printed.source;
  const expected: [string, string][] = [];
  chapters.forEach((c, i) => {
    expected.push([squeeze((c.label ?? '') + c.title), folio(printed, printed.chapterPage[i]!)]);
    for (const section of c.sections) {
      expected.push([squeeze(section), folio(printed, sectionPage(printed, i, section))]);
    }
  });
  // Walk the contents in order: a title that recurs (two sections named alike) is matched in its own place.
  const lines = tocLines(printed);
  let at = 0;
  for (const [text, page] of expected) {
    while (at < lines.length && lines[at]![0] !== text) at++;
    assert.ok(at < lines.length, `contents entry "${text}" (in order)`);
    assert.equal(lines[at]![1], page, `contents entry "${text}"`);
    at++;
  }
  assert.ok(expected.length > chapters.length, 'sections were checked too');
}

function checkFoliosAndHeads(printed: Printed): void {
  const bookTitle = String(printed.source.config.title);
  printed.pages.forEach((page, i) => {
    if (i < 2) return; // cover and title page carry no folio
    assert.equal(page.at(-1)!.trim(), folio(printed, i), `folio of page ${i + 1}`);
  });
  printed.source.chapters.forEach((chapter, ci) => {
    const end = printed.chapterPage[ci + 1] ?? printed.pages.length;
    for (let i = printed.chapterPage[ci]!; i < end; i++) {
      const head = squeeze(printed.pages[i]![0]!);
      assert.ok(head.startsWith(squeeze(bookTitle)), `page ${i + 1} head starts with the book title: ${head}`);
      assert.ok(head.endsWith(squeeze(chapter.labelled)), `page ${i + 1} head ends with its chapter title: ${head}`);
    }
  });
}

async function outline(file: string) {
  const doc = await getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise;
  try {
    const items = (await doc.getOutline()) ?? [];
    const pageOf = async (dest: unknown) => {
      const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : (dest as unknown[]);
      return doc.getPageIndex(explicit![0] as { num: number; gen: number });
    };
    // One request at a time: pdfjs' in-process worker stalls on many concurrent destination look-ups.
    const result = [];
    for (const item of items) {
      const children = [];
      for (const s of item.items) children.push({ title: s.title, page: await pageOf(s.dest) });
      result.push({ title: item.title, page: await pageOf(item.dest), children });
    }
    return result;
  } finally {
    await doc.destroy();
  }
}

describe('the sample book', () => {
  let printed: Printed;
  before(async () => {
    printed = await printBook(ROOT, await tempDir(), { SOURCE_DATE_EPOCH: '1764201600' });
  });

  test('every contents entry shows the page its chapter or section lands on', () => checkContents(printed));

  test('front matter is numbered i, ii, …; the first numbered chapter starts on page 1; heads carry the chapter title', () => {
    assert.ok(printed.frontPages >= 3, 'cover, title page and contents at least');
    assert.equal(folio(printed, printed.frontPages), '1');
    checkFoliosAndHeads(printed);
  });

  test('bookmarks nest chapter > section, with the source titles exactly, spaces included', async () => {
    const { chapters } = printed.source;
    const items = await outline(printed.pdf);
    assert.deepEqual(
      items.map((i) => i.title),
      chapters.map((c) => c.labelled),
    );
    items.forEach((item, i) => {
      assert.equal(item.page, printed.chapterPage[i], `bookmark "${item.title}" opens its chapter's page`);
      assert.deepEqual(
        item.children.map((c) => c.title),
        chapters[i]!.sections,
      );
    });
    assert.ok(
      items.some((i) => i.children.some((c) => / [A-Za-z]/.test(c.title) && /[\u4e00-\u9fff]/.test(c.title))),
      'some bookmark mixes CJK and Latin text with spaces',
    );
  });

  test('fonts are all embedded, none Type 3; tagged; metadata from book.yaml', async () => {
    const fonts = await pdfFonts(printed.pdf);
    assert.ok(fonts.length > 0);
    for (const font of fonts) {
      assert.ok(font.embedded, `${font.name} embedded`);
      assert.notEqual(font.type, 'Type 3', `${font.name} is not Type 3`);
    }
    const info = await pdfInfo(printed.pdf);
    const config = printed.source.config as {
      title: string;
      authors: string[];
      description: string;
      keywords: string[];
    };
    assert.equal(info.Tagged, 'yes');
    assert.equal(info.Title, config.title);
    assert.equal(info.Author, config.authors.join(', '));
    assert.equal(collapse(info.Subject!), collapse(config.description));
    assert.equal(info.Keywords, config.keywords.join(' '));
    assert.equal(info.Creator, 'Quire');
    assert.match(info.CreationDate!, /2025/);
  });

  test('two builds with the same SOURCE_DATE_EPOCH are byte-identical', async () => {
    const again = await printBook(ROOT, await tempDir(), { SOURCE_DATE_EPOCH: '1764201600' });
    assert.ok((await readFile(printed.pdf)).equals(await readFile(again.pdf)));
  });
});

describe('a book of 42 chapters', () => {
  test('contents page numbers, folios and heads hold over a contents several pages long', async () => {
    const files: Record<string, string> = { 'book.yaml': 'title: Forty-Two\nlanguage: en\n' };
    files['chapters/00-preface.md'] = '---\ntitle: Preface\nnumbered: false\n---\n\nWhy this book.\n';
    for (let n = 1; n <= 42; n++) {
      const paragraphs = Array.from({ length: 2 + (n % 5) * 4 }, (_, p) =>
        `Paragraph ${p} of chapter ${n}. `.repeat(12),
      );
      files[`chapters/${String(n).padStart(2, '0')}-c.md`] = [
        `# Chapter title ${n}`,
        `## Opening ${n}`,
        ...paragraphs.slice(0, paragraphs.length / 2),
        `## Middle part ${n}`,
        ...paragraphs.slice(paragraphs.length / 2),
        `## Closing ${n}`,
        'The end.',
      ].join('\n\n');
    }
    const printed = await printBook(await writeBook(files), await tempDir());
    assert.ok(printed.frontPages >= 6, `the contents take several pages (front matter: ${printed.frontPages})`);
    checkContents(printed);
    checkFoliosAndHeads(printed);
  });
});

describe('running heads in a generated Chinese book', () => {
  // Heads are printed in a face and weight the body may never use for a title's characters:
  // Chromium then dropped every margin box of the book unless those font files were loaded first.
  test('every chapter page carries its head, whatever fonts the body loaded', async () => {
    const { root } = await generateBook({ pages: 60, dir: join(await tempDir(), 'book') });
    const printed = await printBook(root, await tempDir());
    checkFoliosAndHeads(printed);
  });
});

describe('print typography', () => {
  test('a 200-line code block, a 60-row table, a wide image and a long unbroken line print unclipped', async () => {
    const printed = await printBook(fixture('print-stress'), await tempDir());
    const text = squeeze(printed.pages.flat().join('\n'));
    const source = await readFile(join(fixture('print-stress'), 'chapters', '01-stress.md'), 'utf8');
    const code = /```bash\n([\s\S]*?)```/.exec(source)![1]!.trim().split('\n');
    assert.equal(code.length, 200);
    let from = 0;
    for (const line of code) {
      const at = text.indexOf(squeeze(line), from);
      assert.ok(at !== -1, `code line in the PDF: ${line}`);
      from = at;
    }
    const rows = source.split('\n').filter((l) => /^\| row \d+/.test(l));
    assert.equal(rows.length, 60);
    for (const row of rows) {
      for (const cell of row.split('|').slice(1, -1)) assert.ok(text.includes(squeeze(cell)), `table cell ${cell}`);
    }
    const long = source.split('\n').find((l) => l.startsWith('xxxx'))!;
    assert.equal(text.split(squeeze(long)).length - 1, 2, 'the long line, in prose and in code, whole both times');
    // The table's header row is repeated on every page the table spans.
    const tablePages = printed.pages.filter((p) => p.some((l) => /row \d\d/.test(l)));
    assert.ok(tablePages.length >= 2);
    for (const page of tablePages)
      assert.ok(
        page.some((l) => /Name\s+Value/.test(l)),
        'header row repeated',
      );
    for (const font of await pdfFonts(printed.pdf))
      assert.ok(font.name.replace(/^[A-Z]{6}\+/, '').startsWith('Noto'), font.name);
  });
});

describe('handouts', () => {
  test('one PDF per chapter, opening with its title, each page footed "page X of Y"', async () => {
    const outDir = await tempDir();
    await build({ root: fixture('features'), outDir, formats: [], handouts: true });
    const files = (await readdir(join(outDir, 'handouts'))).sort();
    // chapters/01-basics.md (title: Basics) and chapters/02-more.md (# More Things), in "Feature Fixture".
    assert.deepEqual(files, ['01-basics.pdf', '02-more.pdf']);
    const titles = ['Basics', 'More Things'];
    for (const [i, name] of files.entries()) {
      const pages = await layoutPages(join(outDir, 'handouts', name));
      const opening = squeeze(pages[0]!.slice(0, 5).join(''));
      assert.ok(opening.includes(squeeze(titles[i]!)), `${name} opens with its title`);
      assert.ok(squeeze(pages[0]![0]!).startsWith(squeeze('Feature Fixture')), `${name} head has the book title`);
      pages.forEach((page, p) =>
        assert.equal(collapse(page.at(-1)!), `Page ${p + 1} of ${pages.length}`, `${name} page ${p + 1}`),
      );
    }
  });

  test('the same sources give the same bytes; a link to another chapter opens its handout beside it', async () => {
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1764201600';
    try {
      const [first, second] = [await tempDir(), await tempDir()];
      for (const outDir of [first, second])
        await build({ root: fixture('features'), outDir, formats: [], handouts: true });
      const files = (await readdir(join(first, 'handouts'))).sort();
      for (const name of files) {
        const [a, b] = await Promise.all([first, second].map((d) => readFile(join(d, 'handouts', name))));
        assert.ok(a!.equals(b!), `${name}: byte for byte`);
      }
      // 01-basics.md links to ./02-more.md: in the handout, to the second handout's file by its own name.
      const doc = await getDocument({ data: new Uint8Array(await readFile(join(first, 'handouts', files[0]!))) })
        .promise;
      const targets = new Set<string>();
      for (let p = 1; p <= doc.numPages; p++) {
        for (const a of await (await doc.getPage(p)).getAnnotations()) {
          if (a.subtype === 'Link' && (a.url || a.unsafeUrl)) targets.add(String(a.unsafeUrl ?? a.url));
        }
      }
      const raw = (await readFile(join(first, 'handouts', files[0]!))).toString('latin1');
      assert.match(
        raw,
        new RegExp(`/S /GoToR\\s*/F \\(${files[1]!.replace('.', '\\.')}\\)`),
        'a GoToR to the file beside it',
      );
      assert.ok(![...targets].some((t) => t.startsWith('file:')), `no link names a folder: ${[...targets].join(', ')}`);
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });
});
