/**
 * Images without alt text: `quire build` and `quire check` name the file and line of each, an image
 * with `alt=""` (decoration) passes, and the outputs do not pretend that an undescribed image is one.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, readEpub, runCli, tempDir, writeBook } from '../helpers.ts';

const PNG = readFileSync(join(ROOT, 'chapters', 'images', 'docker-architecture.png'));
const CHAPTER = [
  '# Pictures',
  '',
  'A described one: ![a whale carrying containers](img/a.png).',
  '',
  'And one with nothing between its brackets: ![](img/a.png)',
  '',
  '<div>',
  '<img src="img/a.png" alt="">',
  '<img src="img/a.png">',
  '</div>',
  '',
  'Raw and inline <img src="img/a.png" width="20"> too, and <img alt src="img/a.png"> decoration.',
  '',
].join('\n');

/** 1-based lines of the chapter that hold an image without alt text, found in the text itself. */
const undescribed = CHAPTER.split('\n').flatMap((line, i) =>
  /!\[\]\(|<img (?![^>]*\balt\b)/.test(line) ? [i + 1] : [],
);

const book = () =>
  writeBook({
    'book.yaml': 'title: Pictures\nlanguage: en\n',
    'chapters/01-pictures.md': CHAPTER,
    'chapters/img/a.png': PNG,
  });

/** The `file:line` of each "no alt text" warning in a command's output. */
const warnedLines = (output: string) =>
  [...output.matchAll(/01-pictures\.md:(\d+): image `img\/a\.png` has no alt text/g)].map((m) => Number(m[1]));

test('quire check names the file and line of every image without alt text, and no other', async () => {
  assert.deepEqual(undescribed, [5, 9, 12]);
  const root = await book();
  const result = await runCli(['check', root, '--verbose', '--no-epubcheck']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(warnedLines(result.stderr + result.stdout), undescribed);
  assert.match(result.stderr + result.stdout, /hint: .*alt=""/);
});

test('quire build warns of them too; the outputs keep alt text where it was given, and only there', async () => {
  const root = await book();
  const out = await tempDir();
  const result = await runCli(['build', root, '--out', out, '--format', 'html,epub', '--verbose']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(warnedLines(result.stderr + result.stdout), undescribed);

  // The site: the described image keeps its words, the one without none gets no (false) empty alt.
  const page = await readFile(join(out, 'html', '01-pictures.html'), 'utf8');
  const images = [...page.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
  assert.equal(images.length, 6);
  assert.match(images[0]!, /alt="a whale carrying containers"/);
  assert.doesNotMatch(images[1]!, /\balt\b/);

  // The EPUB claims no alternative text for every image, nor conformance, while some have none.
  const zip = await readEpub(join(out, 'book.epub'));
  const opf = await zip.file('OEBPS/content.opf')!.async('string');
  assert.match(opf, /<meta property="schema:accessMode">visual<\/meta>/);
  assert.doesNotMatch(opf, /alternativeText/);
  assert.doesNotMatch(opf, /dcterms:conformsTo/);
  assert.match(opf, /<meta property="schema:accessibilitySummary">[^<]*Some images have no text alternative/);
});

test('a book whose every image is described or decorative gets no warning and says so in its EPUB', async () => {
  const described = CHAPTER.replace('![](img/a.png)', '![the same whale](img/a.png)')
    .replace('<img src="img/a.png">', '<img src="img/a.png" alt="a whale">')
    .replace('width="20">', 'width="20" alt="a small whale">');
  const root = await writeBook({
    'book.yaml': 'title: Pictures\nlanguage: en\n',
    'chapters/01-pictures.md': described,
    'chapters/img/a.png': PNG,
  });
  const out = await tempDir();
  const result = await runCli(['build', root, '--out', out, '--format', 'epub']);
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stderr + result.stdout, /alt text/);
  const opf = await (await readEpub(join(out, 'book.epub'))).file('OEBPS/content.opf')!.async('string');
  assert.match(opf, /<meta property="schema:accessibilityFeature">alternativeText<\/meta>/);
  assert.match(opf, /<meta property="schema:accessModeSufficient">textual<\/meta>/);
  assert.match(opf, /<meta property="dcterms:conformsTo">EPUB Accessibility 1\.1 - WCAG 2\.2 Level AA<\/meta>/);
});
