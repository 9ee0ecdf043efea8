/**
 * A book with one of each kind of content an EPUB cannot take as written (unknown elements, JSX and
 * kramdown attributes, misplaced elements, iframes, video and audio, empty and repeated ids, a chapter
 * called toc.md, an image named for another type, a corrupt image, an SVG exported with a DOCTYPE and
 * entities): the real epubcheck passes its EPUB with nothing to report, every loss is a warning naming
 * the file and line it comes from, and the PDF prints the same text.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import type JSZip from 'jszip';
import { build } from '../../../src/index.ts';
import type { QuireError } from '../../../src/util/errors.ts';
import { epubcheck, fixture, readEpub, squeeze, tempDir, type EpubcheckReport } from '../../helpers.ts';

const ROOT = fixture('epub-raw');
const source = (name: string) => readFileSync(join(ROOT, 'chapters', name), 'utf8');
/** The 1-based line of the first line of chapter `name` that holds `text`. */
const lineOf = (name: string, text: string) =>
  source(name)
    .split('\n')
    .findIndex((l) => l.includes(text)) + 1;

let out: string;
let report: EpubcheckReport;
let zip: JSZip;
let pdfText: string;
const warnings: QuireError[] = [];

before(async () => {
  out = await tempDir('quire-epub-raw-');
  const result = await build({ root: ROOT, outDir: out, formats: ['epub', 'pdf'], onWarning: (w) => warnings.push(w) });
  const file = result.files.epub![0]!;
  [report, zip] = await Promise.all([epubcheck(file), readEpub(file)]);
  pdfText = execFileSync('pdftotext', [result.files.pdf![0]!, '-'], { encoding: 'utf8' });
});

after(() => rm(out, { recursive: true, force: true }));

const chapter = (path: string) => zip.file(`OEBPS/${path}`)!.async('string');

test('epubcheck: no fatals, errors or warnings', () => {
  const messages = report.messages.map((m) => `${m.severity} ${m.ID} ${m.message} ${m.locations[0]?.path ?? ''}`);
  assert.deepEqual(
    { fatals: report.fatals, errors: report.errors, warnings: report.warnings, messages },
    {
      fatals: 0,
      errors: 0,
      warnings: 0,
      messages: [],
    },
  );
});

test('each loss is a warning naming the chapter file and the line it comes from', () => {
  const where = warnings.map((w) => `${w.file ? relative(ROOT, w.file) : ''}:${w.line ?? ''}: ${w.message}`);
  const expect = (name: string, needle: string, words: RegExp) => {
    const line = lineOf(name, needle);
    assert.ok(line > 0, `the fixture has ${needle}`);
    const found = where.some((w) => w.startsWith(`chapters/${name}:${line}: `) && words.test(w));
    assert.ok(found, `a warning at chapters/${name}:${line} matching ${words}; got:\n${where.join('\n')}`);
  };
  expect('01-raw.md', '<sig>', /<sig>.*span/);
  expect('01-raw.md', 'markdown="span"', /markdown/);
  expect('01-raw.md', 'youtube.com/embed', /iframe.*link/);
  expect('01-raw.md', 'example.com/widget', /iframe.*link/);
  expect('01-raw.md', 'media/clip.mp4', /video/);
  expect('01-raw.md', 'media/sound.mp3', /audio/);
  expect('01-raw.md', 'id="twice">used', /twice/);
  expect('01-raw.md', 'Fig. 2: a caption', /<br>.*caption.*left out/);
  expect('04-images.md', 'broken.png', /broken\.png.*alt text/);
  const svg = where.find((w) => w.startsWith('chapters/media/exported.svg'));
  assert.match(svg ?? '', /script.*https:\/\/example\.com\/remote\.png/);
  // Markdown's own HTML (a task list's checkboxes in labels, with a link) is valid as it is.
  assert.deepEqual(
    where.filter((w) => w.startsWith('chapters/toc.md')),
    [],
  );
  // Mapped without loss: no warning.
  assert.ok(!where.some((w) => /className|classname|JSX/.test(w)), where.join('\n'));
});

test('the EPUB keeps the text and what it can of the markup', async () => {
  const raw = await chapter('01-raw.xhtml');
  assert.match(raw, /<span>Signed, the unknown element<\/span>/);
  assert.match(raw, /<div class="note">A JSX class name/);
  assert.match(raw, /<div style="color: darkred; font-size: 12px">Styled with JSX/);
  assert.match(
    raw,
    /<a href="https:\/\/www\.youtube\.com\/embed\/abc123">A talk about books: https:\/\/www\.youtube\.com\/embed\/abc123<\/a>/,
  );
  assert.match(raw, /<a href="https:\/\/example\.com\/widget">https:\/\/example\.com\/widget<\/a>/);
  assert.match(
    raw,
    /<a href="https:\/\/example\.com\/remote\.webm">A remote video: https:\/\/example\.com\/remote\.webm<\/a>/,
  );
  assert.doesNotMatch(raw, /<iframe|<video|<audio|id=""/);
  assert.match(raw, /<figcaption><br \/>A caption after a break<\/figcaption>/);
  assert.match(raw, /<figcaption>Fig\. 2: a caption with space below<\/figcaption>/);
  const images = await chapter('04-images.xhtml');
  assert.match(images, /<img src="media\/media-really-png\.png"/);
  assert.match(images, /the broken picture's alt text/);
  assert.doesNotMatch(images, /broken\.png/);
  const svg = await zip.file('OEBPS/media/media-exported.svg')!.async('string');
  assert.doesNotMatch(svg, /DOCTYPE|ENTITY|<script|example\.com|onload/);
  assert.match(svg, /xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, />Exported</);
  // The chapter toc.md does not take the navigation document's name.
  const nav = await chapter('toc.xhtml');
  assert.match(nav, /epub:type="toc"/);
  const toc = await chapter('toc-2.xhtml');
  assert.match(toc, /A chapter whose file is called toc\.md/);
  assert.equal(toc.match(/<input [^>]*type="checkbox"/g)?.length, 2);
});

test('the PDF prints the unknown element’s text, and embeds as their titles', () => {
  const text = squeeze(pdfText);
  for (const words of ['Signed, the unknown element', 'A talk about books', 'https://example.com/widget']) {
    assert.ok(text.includes(squeeze(words)), `the PDF text holds “${words}”`);
  }
});
