/**
 * Every script typeset with Quire's own fonts, on a machine whose system has Latin fonts only:
 * books in Simplified and Traditional Chinese, Japanese, Korean and English (with passages in the
 * others through `lang`) print with no Type 3 font, every character of their source in the PDF's
 * text, and every CJK run drawn by a face of its own region. Chromium is given a fontconfig that
 * lists DejaVu alone, as on a fresh Debian or in CI.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { before, describe, test } from 'node:test';
import { epubcheck, fixture, pdfFonts, pdfPages, readEpub, runCli, tempDir } from '../helpers.ts';
import { textRuns, type TextRun } from '../support/pdf-runs.ts';

const run = promisify(execFile);

/** A fontconfig with the system's Latin fonts only (and a cache of its own). */
async function latinOnlyFontconfig(dir: string, fontDirs = ['/usr/share/fonts/truetype/dejavu']): Promise<string> {
  const file = join(dir, 'fonts.conf');
  await mkdir(join(dir, 'cache'), { recursive: true });
  const dirs = fontDirs.map((d) => `  <dir>${d}</dir>`).join('\n');
  await writeFile(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n${dirs}\n` +
      `  <cachedir>${join(dir, 'cache')}</cachedir>\n</fontconfig>\n`,
  );
  return file;
}

const REGION_OF_FONT = /Noto(?:Sans|Serif)(SC|TC|HK|JP|KR)/;
const REGION_CODE: Record<string, string> = { 'zh-Hans': 'SC', 'zh-Hant': 'TC', 'zh-HK': 'HK', ja: 'JP', ko: 'KR' };
/** Han, kana and Hangul: the characters whose glyph forms differ between regions. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** The characters a chapter prints: its Markdown without the marks that print nothing. */
function sourceChars(markdown: string): Set<string> {
  const text = markdown
    .replace(/<[^>]+>/g, '')
    .replace(/^```\w*$/gm, '')
    .replace(/^#+ /gm, '')
    .replace(/`/g, '');
  return new Set([...text].filter((c) => !/\s/.test(c)));
}

async function buildFixture(name: string, fontconfig: string, out: string, env: Record<string, string> = {}) {
  const result = await runCli(['build', fixture(`scripts/${name}`), '--out', out, '--format', 'pdf'], {
    env: { FONTCONFIG_FILE: fontconfig, SOURCE_DATE_EPOCH: '1700000000', ...env },
  });
  assert.equal(result.code, 0, result.stderr);
  return { pdf: join(out, 'book.pdf'), stderr: result.stderr };
}

/**
 * The region each run's CJK characters must come from: the book's, except after a label of the
 * mixed-language chapter (`Japanese:` …), which names the language of the passage that follows.
 */
const LABELS: Record<string, string> = {
  'Simplified Chinese:': 'zh-Hans',
  'Traditional Chinese:': 'zh-Hant',
  'Japanese:': 'ja',
  'Korean:': 'ko',
  'Hong Kong:': 'zh-HK',
};

function wrongRegions(runs: TextRun[], book: string | undefined): string[] {
  const problems: string[] = [];
  let expected = book;
  let page = 0;
  for (const run of runs) {
    if (run.page !== page) [page, expected] = [run.page, book];
    const label = Object.keys(LABELS).find((l) => run.text.startsWith(l));
    if (label) expected = LABELS[label];
    if (/Mono/.test(run.font)) expected = book;
    if (!CJK.test(run.text) || expected === undefined) continue;
    const region = REGION_OF_FONT.exec(run.font)?.[1];
    if (region !== REGION_CODE[expected])
      problems.push(`page ${run.page}: “${run.text}” drawn by ${run.font}, not a ${expected} face`);
  }
  return problems;
}

/** The book's language, and the contents heading and first chapter label it must print. */
const BOOKS = [
  { name: 'zh-hans', language: 'zh-Hans', labels: ['目录', '第1章'] },
  { name: 'zh-hant', language: 'zh-Hant', labels: ['目錄', '第 1 章'] },
  { name: 'ja', language: 'ja', labels: ['目次', '第1章'] },
  { name: 'ko', language: 'ko', labels: ['목차', '제1장'] },
  { name: 'en', language: undefined, labels: ['Contents', 'Chapter 1'] },
];

describe('books in every script, with Latin system fonts only', () => {
  let work: string;
  let fontconfig: string;
  const pdfs = new Map<string, string>();

  before(async () => {
    work = await tempDir('quire-scripts-');
    fontconfig = await latinOnlyFontconfig(join(work, 'fc'));
    for (const book of BOOKS)
      pdfs.set(book.name, (await buildFixture(book.name, fontconfig, join(work, book.name))).pdf);
  });

  for (const book of BOOKS) {
    test(`${book.name}: every font embedded as CID TrueType, none Type 3`, async () => {
      const fonts = await pdfFonts(pdfs.get(book.name)!);
      assert.ok(fonts.length > 0);
      for (const font of fonts) {
        assert.ok(font.embedded, `${font.name} is embedded`);
        assert.equal(font.type, 'CID TrueType', `${font.name} is ${font.type}`);
      }
    });

    test(`${book.name}: no character of the source is missing from the PDF`, async () => {
      const root = fixture(`scripts/${book.name}`);
      const chapters = await readdir(join(root, 'chapters'));
      const source = new Set<string>();
      for (const file of chapters)
        for (const c of sourceChars(await readFile(join(root, 'chapters', file), 'utf8'))) source.add(c);
      const printed = new Set([...(await pdfPages(pdfs.get(book.name)!)).join('')]);
      const missing = [...source].filter((c) => !printed.has(c));
      assert.deepEqual(missing, [], `missing from the PDF text: ${missing.join(' ')}`);
    });

    test(`${book.name}: the contents and chapter labels are in the book's language`, async () => {
      const text = (await pdfPages(pdfs.get(book.name)!)).join('\n');
      for (const label of book.labels) assert.ok(text.includes(label), `the PDF prints “${label}”`);
    });

    test(`${book.name}: each CJK run is drawn by a face of its own region`, async () => {
      const runs = await textRuns(pdfs.get(book.name)!);
      assert.ok(
        runs.some((r) => CJK.test(r.text)),
        'the book has CJK text',
      );
      assert.deepEqual(wrongRegions(runs, book.language), []);
    });
  }

  test('en: justified text is hyphenated at line ends, code and URLs never', async () => {
    const pdf = pdfs.get('en')!;
    const source = await readFile(fixture('scripts/en/chapters/01-intro.md'), 'utf8');
    const words = new Set(source.match(/\p{L}+/gu));
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-']);
    const lines = stdout
      .replace(/\u00ad/g, '')
      .split('\n')
      .map((l) => l.trim());
    const broken = lines.flatMap((line, i) => {
      const m = /(\p{L}+)-$/u.exec(line);
      const next = /^\p{L}+/u.exec(lines[i + 1] ?? '');
      return m && next ? [m[1]! + next[0]] : [];
    });
    assert.ok(broken.length > 0, 'some line ends with a hyphenated word');
    for (const word of broken) assert.ok(words.has(word), `“${word}”, broken at a line end, is a word of the source`);
    const text = (await pdfPages(pdf, { raw: true })).join('');
    for (const literal of [
      'https://example.com/internationalization/documentation',
      'internationalization_documentation_function()',
    ])
      assert.ok(text.includes(literal), `“${literal}” is printed whole, without soft hyphens`);
  });

  test('the system’s fonts play no part: the same PDF with other system fonts', async () => {
    // Another machine: DejaVu Serif alone. Whatever fell back to a system font (box drawing from
    // DejaVu Sans Mono, an empty box from the default face) would now come from another one.
    const serifOnly = join(work, 'serif-only');
    await mkdir(serifOnly);
    await copyFile('/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf', join(serifOnly, 'DejaVuSerif.ttf'));
    const other = await latinOnlyFontconfig(join(work, 'fc-other'), [serifOnly]);
    const again = await buildFixture('en', other, join(work, 'en-other'));
    assert.ok((await readFile(again.pdf)).equals(await readFile(pdfs.get('en')!)), 'the PDFs differ');
  });
});

describe('a character no font has', () => {
  test('is a warning naming the file, the line and the characters, in a build and in quire check', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'chapters'));
    await writeFile(join(root, 'book.yaml'), 'title: Greetings\nlanguage: en\noutput: { formats: [html] }\n');
    await writeFile(join(root, 'chapters', '01-hello.md'), '# Hello\n\nSaid in English.\n\nIn Thai: สวัสดี.\n');
    const thai = ['ส', 'ว', 'ั', 'ด', 'ี'];
    for (const args of [
      ['build', root],
      ['check', root, '--no-epubcheck'],
    ]) {
      const result = await runCli(args);
      assert.equal(result.code, 0, result.stderr);
      const line = (result.stdout + result.stderr).split('\n').find((l) => l.includes('01-hello.md:5:'));
      assert.ok(line, `${args[0]} names chapters/01-hello.md line 5:\n${result.stderr}`);
      for (const c of thai) assert.ok(line.includes(c), `${args[0]} names “${c}”: ${line}`);
    }
  });
});

describe('a font of the book’s own', () => {
  test('declared in book.yaml, is used by the site, the PDF and the EPUB', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'chapters'));
    await mkdir(join(root, 'fonts'));
    // A font Quire does not bundle, under a name no system has.
    await copyFile('/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf', join(root, 'fonts', 'BookSerif.ttf'));
    await writeFile(
      join(root, 'book.yaml'),
      'title: Own Font\nlanguage: en\nepub: { embedFonts: true }\n' +
        'fonts:\n  - file: fonts/BookSerif.ttf\n    family: Book Serif\n    role: body\n',
    );
    await writeFile(join(root, 'chapters', '01-text.md'), '# Text\n\nBody text set in the book’s own face.\n');
    const fc = await latinOnlyFontconfig(join(root, '..', `${basename(root)}-fc`));
    const result = await runCli(['build', root], { env: { FONTCONFIG_FILE: fc } });
    assert.equal(result.code, 0, result.stderr);
    const fonts = (await pdfFonts(join(root, 'dist', 'book.pdf'))).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
    assert.ok(fonts.includes('DejaVuSerif'), `pdffonts names the book’s font: ${fonts.join(', ')}`);
    const css = await readFile(join(root, 'dist', 'html', 'assets', 'fonts.css'), 'utf8');
    assert.match(css, /font-family:'Book Serif'[^}]*fonts\/BookSerif\.ttf/);
    assert.ok((await readdir(join(root, 'dist', 'html', 'assets', 'fonts'))).includes('BookSerif.ttf'));
    const epub = await readEpub(join(root, 'dist', 'book.epub'));
    assert.ok(epub.file('OEBPS/fonts/BookSerif.ttf'), 'the EPUB embeds the font');
    const report = await epubcheck(join(root, 'dist', 'book.epub'));
    assert.equal(report.errors + report.fatals, 0, JSON.stringify(report.messages));
  });

  test('a font file that does not exist is an error naming book.yaml and the line', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'chapters'));
    await writeFile(join(root, 'book.yaml'), 'title: No Font\nfonts:\n  - file: fonts/missing.woff2\n');
    await writeFile(join(root, 'chapters', '01.md'), '# One\n\nText.\n');
    const result = await runCli(['build', root, '--format', 'html']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /book\.yaml:3: the font file `fonts\/missing\.woff2` does not exist/);
  });
});
