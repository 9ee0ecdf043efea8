/**
 * Accessible EPUBs: Ace by DAISY (on the system Chromium) finds nothing, of any impact, in the EPUB
 * of the sample book and of every fixture book, and epubcheck stays clean.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build } from '../../../src/index.ts';
import { FIXTURES, ROOT, epubcheck, readEpub, tempDir, writeBook } from '../../helpers.ts';
import { aceFindings, type AceFinding } from '../../support/ace.ts';

/** A folder is a book when it has the settings or site config of a layout Quire reads. */
const isBook = (dir: string) =>
  ['book.yaml', 'book.toml', 'book.json', 'SUMMARY.md'].some((f) => existsSync(join(dir, f))) ||
  readdirSync(dir).some((f) => /^docusaurus\.config\./.test(f));

const subfolders = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(dir, e.name))
    .sort();

/** The sample book, and each fixture that is a book, or else each of its folders that is one. */
const BOOKS = [
  { name: 'sample book', root: ROOT },
  ...subfolders(FIXTURES)
    .flatMap((dir) => (isBook(dir) ? [dir] : subfolders(dir).filter(isBook)))
    .map((root) => ({ name: `fixture ${root.slice(FIXTURES.length + 1)}`, root })),
];

let out: string;
before(async () => {
  out = await tempDir('quire-a11y-');
});
after(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

const list = (findings: AceFinding[]) =>
  findings.map((f) => `${f.where}: ${f.rule} (${f.impact}) ${f.description}${f.html ? `: ${f.html}` : ''}`).join('\n');

describe('Ace by DAISY finds nothing in the EPUB', () => {
  BOOKS.forEach((book, i) => {
    test(book.name, async () => {
      const result = await build({ root: book.root, outDir: join(out, String(i)), formats: ['epub'] });
      const file = result.files.epub?.[0];
      assert.ok(file, 'the build wrote no EPUB');
      const [findings, report] = await Promise.all([aceFindings(file), epubcheck(file)]);
      assert.equal(findings.length, 0, `Ace found:\n${list(findings)}`);
      assert.deepEqual(
        [report.fatals, report.errors, report.warnings],
        [0, 0, 0],
        report.messages.map((m) => `${m.ID} ${m.message}`).join('\n'),
      );
      // The summary speaks the book's language: Chinese for a Chinese book, else English (marked so).
      const opf = await (await readEpub(file)).file('OEBPS/content.opf')!.async('string');
      const language = /<dc:language>([^<]+)</.exec(opf)![1]!;
      const summary = /<meta property="schema:accessibilitySummary"( xml:lang="en")?>([^<]+)</.exec(opf);
      assert.ok(summary, 'no accessibility summary');
      if (/^zh\b/i.test(language)) assert.match(summary[2]!, /^本出版物/);
      else assert.match(summary[2]!, /^This publication/);
      assert.equal(summary[1] !== undefined, !/^en\b/i.test(language) && !/^zh\b/i.test(language));
    });
  });
});

test('what real books do that Ace objects to is set right in the EPUB: skipped heading levels, empty header cells, links with only an image without alt text', async () => {
  const chapter = [
    '# Commands',
    '',
    '#### Specify a directory',
    '',
    'Text.',
    '',
    '##### Deeper still',
    '',
    '### Back up',
    '',
    '|     | read | write |',
    '| --- | ---- | ----- |',
    '| a   | yes  | no    |',
    '',
    '[![](https://img.example.invalid/badge.svg)](https://example.com/build/status/)',
    '',
    '<a href="https://example.com/graphs/contributors"><img src="https://img.example.invalid/c.svg" /></a>',
    '',
  ].join('\n');
  const root = await writeBook({ 'book.yaml': 'title: Levels\nlanguage: en\n', 'chapters/01-commands.md': chapter });
  const result = await build({ root, outDir: join(out, 'levels'), formats: ['epub'] });
  const file = result.files.epub![0]!;
  const xhtml = await (await readEpub(file)).file('OEBPS/01-commands.xhtml')!.async('string');
  // The chapter's title is the outline's first level; each heading after it one below the one it is under.
  const headings = [...xhtml.matchAll(/<h([1-6])\b([^>]*)>([^<]*)</g)].map((m) => [
    m[3],
    Number(/aria-level="(\d)"/.exec(m[2]!)?.[1] ?? m[1]),
  ]);
  assert.deepEqual(headings, [
    ['Commands', 1],
    ['Specify a directory', 2],
    ['Deeper still', 3],
    ['Back up', 2],
  ]);
  // The header row's empty corner is no header; the named columns are.
  assert.deepEqual(
    [...xhtml.matchAll(/<th\b[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]),
    ['read', 'write'],
  );
  // Links whose image has no alt text are named by where they go.
  const labels = [...xhtml.matchAll(/<a\b[^>]*aria-label="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(labels, ['example.com/build/status', 'example.com/graphs/contributors']);
  const findings = await aceFindings(file);
  assert.equal(findings.length, 0, `Ace found:\n${list(findings)}`);
});
