/**
 * The PDF, printed by the real Chromium and read back with poppler: every character of the book's
 * text is there in chapter order, fonts are the bundled Noto faces, embedded, each chapter opens a
 * new page, and the contents give the page numbers the chapters' pages carry.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { build, type BuildResult, type RenderedBook } from '../../../src/index.ts';
import { labelsFor } from '../../../src/render/labels.ts';
import { ROOT, fixture, htmlText, pdfFonts, pdfInfo, pdfPages, squeeze, tempDir, writeBook } from '../../helpers.ts';

/**
 * Text of a PDF in pdftotext's layout mode, one string per page. The default mode guesses a reading
 * order that breaks column-aligned code output (`docker ps` tables, `docker version`) into columns,
 * so the book's text would seem out of order when it is printed correctly.
 */
async function pdfLayoutPages(file: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout.split('\f').slice(0, -1);
}

interface BuiltPdf {
  result: BuildResult;
  file: string;
  /** pdftotext's default text, by page. */
  pages: string[];
  /** pdftotext's layout-mode text, by page. */
  layout: string[];
  /** The whole PDF text, from layout mode, without white space. */
  text: string;
  /** Start of each page in `text`. */
  pageStarts: number[];
}

async function buildPdf(root: string, outDir: string): Promise<BuiltPdf> {
  const result = await build({ root, outDir, formats: ['pdf'] });
  const file = result.files.pdf?.[0];
  assert.ok(file, 'the build wrote no PDF');
  const [pages, layout] = await Promise.all([pdfPages(file), pdfLayoutPages(file)]);
  assert.equal(layout.length, pages.length, 'pdftotext modes disagree on the page count');
  const squeezed = layout.map(squeeze);
  const pageStarts: number[] = [];
  let offset = 0;
  for (const page of squeezed) {
    pageStarts.push(offset);
    offset += page.length;
  }
  return { result, file, pages, layout, text: squeezed.join(''), pageStarts };
}

/** The 0-based page holding position `pos` of the squeezed text. */
function pageAt(pdf: BuiltPdf, pos: number): number {
  let page = 0;
  while (page + 1 < pdf.pageStarts.length && pdf.pageStarts[page + 1]! <= pos) page++;
  return page;
}

/** The heading a chapter opens with in print: its label (when numbered), then its title. */
function printedTitle(rendered: RenderedBook, i: number): string {
  const { chapter } = rendered.chapters[i]!;
  const label = chapter.number === undefined ? '' : labelsFor(rendered.book.config.language).chapter(chapter.number);
  return `${label} ${chapter.title}`.trim();
}

/** Where the table of contents ends: after its entry for the last chapter. */
function tocEnd(pdf: BuiltPdf): number {
  const rendered = pdf.result.rendered;
  const contents = squeeze(labelsFor(rendered.book.config.language).contents);
  const tocStart = pdf.text.indexOf(contents);
  assert.notEqual(tocStart, -1, `the contents heading “${contents}” is not in the PDF`);
  const last = squeeze(printedTitle(rendered, rendered.chapters.length - 1));
  const lastEntry = pdf.text.indexOf(last, tocStart);
  assert.notEqual(lastEntry, -1, `the table of contents has no entry “${last}” for the last chapter`);
  return lastEntry + last.length;
}

const context = (text: string, at: number, width = 20) =>
  JSON.stringify(text.slice(Math.max(0, at - width), at)) + ' ⟨here⟩ ' + JSON.stringify(text.slice(at, at + width));

const describeChar = (ch: string) => `“${ch}” U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The text of every Markdown file under `dir`, in path order. */
async function markdownTexts(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.md')).map((e) => join(e.parentPath, e.name));
  return Promise.all(files.sort().map((f) => readFile(f, 'utf8')));
}

/** Every non-blank line between ``` fences. */
function codeLines(markdown: string): string[] {
  const lines: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    else if (inFence && line.trim()) lines.push(line);
  }
  return lines;
}

let out: string;
let sample: BuiltPdf;
let features: BuiltPdf;

before(async () => {
  out = await tempDir('quire-pdf-');
  [sample, features] = await Promise.all([
    buildPdf(ROOT, join(out, 'sample')),
    buildPdf(fixture('features'), join(out, 'features')),
  ]);
});

after(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('sample book PDF', () => {
  test('is named after output.name', async () => {
    const config = parseYaml(await readFile(join(ROOT, 'book.yaml'), 'utf8')) as { output: { name: string } };
    assert.equal(sample.file, join(out, 'sample', `${config.output.name}.pdf`));
  });

  test('every character of the book text appears in the PDF, in chapter order', () => {
    const { rendered } = sample.result;
    const text = sample.text;
    const titles = rendered.chapters.map((_, i) => squeeze(printedTitle(rendered, i)));
    let pos = tocEnd(sample);
    for (const [i, c] of rendered.chapters.entries()) {
      const name = `chapter ${i} (${c.chapter.relPath}, “${c.chapter.title}”)`;
      const title = titles[i]!;
      const at = text.indexOf(title, pos);
      assert.notEqual(
        at,
        -1,
        `${name}: its title “${title}” is not in the PDF after position ${pos} (page ${pageAt(sample, pos) + 1}); ` +
          `the PDF text there: ${context(text, pos)}`,
      );
      pos = at + title.length;
      // The chapter's text must all come before the next chapter's title: a character missing here
      // is then reported where it is missing, not as a jump far ahead into later chapters.
      const next = titles[i + 1];
      const end = next === undefined ? text.length : text.indexOf(next, pos);
      const body = squeeze(htmlText(c.html));
      for (let j = 0; j < body.length; j++) {
        const found = text.indexOf(body[j]!, pos);
        if (found === -1 || (end !== -1 && found >= end)) {
          assert.fail(
            `${name}: matching stopped at character ${j} of ${body.length}, ${describeChar(body[j]!)}, ` +
              (found === -1 ? 'which is not in the rest of the PDF.\n' : 'which the chapter’s pages do not have.\n') +
              `  expected: ${context(body, j)}\n` +
              `  PDF text after the last match (page ${pageAt(sample, pos) + 1}): ${context(text, pos)}`,
          );
        }
        pos = found + 1;
      }
    }
  });

  test('every distinct character of the book text is in the PDF text (no missing glyphs)', () => {
    const { rendered } = sample.result;
    const book = rendered.chapters.map((c, i) => printedTitle(rendered, i) + htmlText(c.html)).join('');
    const inPdf = new Set(sample.text);
    const missing = [...new Set(squeeze(book))].filter((ch) => !inPdf.has(ch));
    assert.deepEqual(missing.map(describeChar), [], 'characters of the book missing from the PDF text');
  });

  test('every font is an embedded Noto face, none of them Type 3', async () => {
    await assertBundledFonts(sample.file);
  });

  test('pdfinfo: tagged, more pages than chapters, title from book.yaml', async () => {
    const config = parseYaml(await readFile(join(ROOT, 'book.yaml'), 'utf8')) as { title: string };
    const info = await pdfInfo(sample.file);
    assert.equal(info.Tagged, 'yes');
    const pages = Number(info.Pages);
    assert.ok(
      pages > sample.result.rendered.chapters.length,
      `${pages} pages for ${sample.result.rendered.chapters.length} chapters`,
    );
    assert.equal(pages, sample.pages.length, 'pdfinfo and pdftotext disagree on the page count');
    assert.equal(info.Title, config.title);
  });

  test('the table of contents takes fewer pages than there are chapters', () => {
    const contents = squeeze(labelsFor(sample.result.rendered.book.config.language).contents);
    const first = pageAt(sample, sample.text.indexOf(contents));
    const last = pageAt(sample, tocEnd(sample));
    const chapters = sample.result.rendered.chapters.length;
    assert.ok(
      last - first + 1 < chapters,
      `the contents run from page ${first + 1} to ${last + 1}, for ${chapters} chapters`,
    );
  });

  test('each chapter starts a new page with its title at the top', () => {
    assert.equal(chapterOpenings(sample).length, sample.result.rendered.chapters.length);
  });

  test('the contents give each chapter the folio printed at the foot of its first page', () => {
    const { rendered } = sample.result;
    const openings = chapterOpenings(sample);
    const contentsHeading = squeeze(labelsFor(rendered.book.config.language).contents);
    const first = sample.layout.findIndex((p) => squeeze(p).includes(contentsHeading));
    const lines = sample.layout.slice(first, pageAt(sample, tocEnd(sample)) + 1).flatMap((p) => p.split('\n'));
    let from = 0;
    for (const [i, c] of rendered.chapters.entries()) {
      const foot = sample.layout[openings[i]!]!.split('\n').filter((l) => l.trim());
      const folio = foot.at(-1)!.trim();
      assert.match(folio, /^(\d+|[ivxlcdm]+)$/, `page ${openings[i]! + 1} has no folio at its foot`);
      const title = squeeze(printedTitle(rendered, i));
      const line = lines.findIndex((l, n) => n >= from && squeeze(l).startsWith(title));
      assert.notEqual(line, -1, `the contents have no line for “${title}”`);
      const entry = lines[line]!.trim().split(/\s+/).at(-1);
      assert.equal(entry, folio, `contents entry for ${c.chapter.relPath}: ${JSON.stringify(lines[line]!.trim())}`);
      from = line + 1;
    }
  });
});

/**
 * The page each chapter opens, checking that it is a new page: the first page after the previous
 * chapter's (or the contents) with the chapter's label and title, before any other text but running heads.
 */
function chapterOpenings(pdf: BuiltPdf): number[] {
  const { rendered } = pdf.result;
  const labels = labelsFor(rendered.book.config.language);
  let from = pageAt(pdf, tocEnd(pdf)) + 1;
  return rendered.chapters.map((c, i) => {
    const title = squeeze(printedTitle(rendered, i));
    const page = pdf.pages.findIndex((p, n) => n >= from && squeeze(p).includes(title));
    assert.notEqual(page, -1, `chapter ${c.chapter.relPath}: “${title}” is on no page from page ${from + 1} on`);
    // Only running heads (the book's title, the chapter's title) may come before the chapter's own heading.
    const label = c.chapter.number === undefined ? undefined : labels.chapter(c.chapter.number);
    const heads = [rendered.book.config.title, label ? labels.labelled(label, c.chapter.title) : c.chapter.title]
      .map(squeeze)
      .filter(Boolean);
    const opensWithTitle = (s: string): boolean =>
      s.startsWith(title) || heads.some((h) => s.startsWith(h) && opensWithTitle(s.slice(h.length)));
    const top = squeeze(
      pdf.pages[page]!.split('\n')
        .filter((l) => l.trim())
        .slice(0, 6)
        .join(''),
    );
    assert.ok(
      opensWithTitle(top),
      `chapter ${c.chapter.relPath}: page ${page + 1} does not open with “${title}”; it opens with ${JSON.stringify(top.slice(0, 80))}`,
    );
    from = page + 1;
    return page;
  });
}

describe('features fixture PDF', () => {
  let markdown: string[];
  let text: string;
  before(async () => {
    markdown = await markdownTexts(join(fixture('features'), 'chapters'));
    text = features.text;
  });

  const missingFrom = (what: string[]) => what.filter((s) => !text.includes(squeeze(s)));

  test('every font is an embedded Noto face, none of them Type 3', async () => {
    await assertBundledFonts(features.file);
  });

  test('every line of every code block', () => {
    const lines = markdown.flatMap(codeLines);
    assert.ok(lines.length > 0, 'the fixture has no code blocks');
    assert.deepEqual(missingFrom(lines), []);
  });

  test('every table cell', () => {
    const cells = markdown
      .flatMap((m) => m.split('\n'))
      .filter((l) => /^\s*\|/.test(l) && !/^[\s|:-]+$/.test(l))
      .flatMap((l) => l.split('|').map((cell) => cell.trim()))
      .filter(Boolean);
    assert.ok(cells.length > 0, 'the fixture has no table');
    assert.deepEqual(missingFrom(cells), []);
  });

  test('the footnote text', () => {
    const notes = markdown.flatMap((m) => [...m.matchAll(/^\[\^[^\]]+\]:\s*(.+)$/gm)].map((x) => x[1]!));
    assert.ok(notes.length > 0, 'the fixture has no footnotes');
    assert.deepEqual(missingFrom(notes), []);
  });

  test('admonition titles: given ones and the language’s defaults', () => {
    const titles = labelsFor(features.result.rendered.book.config.language).admonitions;
    const expected = markdown.flatMap((m) => [
      ...[...m.matchAll(/^:::(\w+)(?:\[(.*)\])?\s*$/gm)].map((x) => x[2] ?? titles[x[1] as keyof typeof titles]),
      ...[...m.matchAll(/^>\s*\[!(\w+)\]/gm)].map((x) => titles[x[1]!.toLowerCase() as keyof typeof titles]),
    ]);
    assert.ok(expected.length >= 3, `expected admonitions in the fixture, found ${expected.length}`);
    for (const t of expected) assert.equal(typeof t, 'string', `an admonition type without a default title`);
    assert.deepEqual(missingFrom(expected), []);
  });

  test('the figure caption', () => {
    const captions = markdown.flatMap((m) =>
      [...m.matchAll(/^!\[([^\]]*)\]\(\S+(?:\s+"([^"]*)")?\)\s*$/gm)].map((x) => x[2] || x[1]!),
    );
    assert.ok(captions.length > 0, 'the fixture has no figure');
    assert.deepEqual(missingFrom(captions), []);
  });
});

async function assertBundledFonts(file: string): Promise<void> {
  const fonts = await pdfFonts(file);
  assert.ok(fonts.length > 0, 'pdffonts lists no fonts');
  const problems = fonts.flatMap((f) => {
    const name = f.name.replace(/^[A-Z]{6}\+/, '');
    return [
      ...(f.embedded ? [] : [`${f.name} is not embedded`]),
      ...(f.type === 'Type 3' ? [`${f.name} is a Type 3 font`] : []),
      ...(name.startsWith('Noto') ? [] : [`${f.name} is not a bundled Noto font`]),
    ];
  });
  assert.deepEqual(problems, []);
}

test('a chapter with thousands of sections gets every one as a bookmark', { timeout: 300_000 }, async () => {
  // Bookmarks chain through /Next: a walk that recursed along them ran out of stack near 4,000.
  const sections = Array.from({ length: 6000 }, (_, i) => `## Section ${i + 1}\n\nStep ${i + 1}.\n`);
  const root = await writeBook({
    'book.yaml': 'title: Many Sections\nlanguage: en\n',
    'chapters/01-steps.md': `# Steps\n\n${sections.join('\n')}`,
  });
  const result = await build({ root, formats: ['pdf'] });
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(await readFile(result.files.pdf![0]!)), verbosity: 0 }).promise;
  try {
    const outline = (await doc.getOutline()) ?? [];
    const chapter = outline.find((item) => item.title.endsWith('Steps'));
    assert.ok(chapter, `bookmarks: ${outline.map((item) => item.title).join(', ')}`);
    assert.equal(chapter.items.length, 6000);
    assert.equal(chapter.items.at(-1)?.title, 'Section 6000');
  } finally {
    await doc.destroy();
    await rm(root, { recursive: true, force: true });
  }
});
