import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { coverImageDocument, epubChapters, handoutDocument, printDocument } from '../../src/assemble/documents.ts';
import { sitePages } from '../../src/assemble/site-pages.ts';
import type { PiecedDocument } from '../../src/assemble/pieces.ts';
import { loadTemplates } from '../../src/assemble/templates.ts';
import { loadBook } from '../../src/load/load-book.ts';
import { renderBook } from '../../src/render/render-book.ts';
import { build } from '../../src/index.ts';
import { QuireError } from '../../src/util/errors.ts';
import { tempDir, writeBook } from '../helpers.ts';

test('the defaults load and render every document: site pages, print, EPUB chapters, handout, cover', async () => {
  const title = 'Every Document Book';
  const chapters = {
    one: ['Opening Chapter', 'First body sentence.'],
    two: ['Closing Chapter', 'Second body sentence.'],
  };
  const root = await writeBook({
    'book.yaml': `title: ${title}\nlanguage: en\n`,
    'chapters/01-one.md': `# ${chapters.one[0]}\n\n${chapters.one[1]}\n`,
    'chapters/02-two.md': `# ${chapters.two[0]}\n\n${chapters.two[1]}\n`,
  });
  const templates = await loadTemplates(root);
  const rendered = await renderBook(await loadBook({ root }));
  const urls = { chapter: (id: string) => `${id}.html`, asset: (path: string) => path };
  const fontUrl = () => 'font.woff2';
  const text = (html: PiecedDocument) =>
    typeof html === 'string' ? html : [html.before, ...html.body.map(String), html.after].join('');
  // The print document hyphenates English: soft hyphens are not text.
  const has = (html: string, what: string[], where: string) =>
    what.forEach((w) => assert.ok(html.replace(/\u00ad/g, '').includes(w), `${where}: ${w}`));

  const pages = sitePages(rendered, templates, urls).map((p) => [p.file, text(p.html)] as const);
  assert.ok(pages.length >= 3, 'a front page and one page per chapter');
  for (const [file, html] of pages) has(html, [title, '<!DOCTYPE html>'], file);
  const all = Object.values(chapters).flat();
  has(text(pages.find(([file]) => file === 'index.html')![1]), [chapters.one[0]!, chapters.two[0]!], 'front page');
  // A page's title: the chapter's label and title, then the book's (the front page: the book's alone).
  has(text(pages.find(([file]) => file === 'index.html')![1]), [`<title>${title}</title>`], 'front page');
  has(
    text(pages.find(([file]) => file === '01-one.html')![1]),
    [`<title>Chapter 1: ${chapters.one[0]} · ${title}</title>`],
    'chapter page',
  );
  const print = printDocument(rendered, templates, { urls, fontUrl, part: 'all', frontPages: 0 }).html;
  has(print, [title, ...all], 'print document');
  const epub = epubChapters(rendered, templates, urls).map((c) => text(c.html));
  Object.values(chapters).forEach((c, i) => has(epub[i]!, c, `EPUB chapter ${i + 1}`));
  has(
    handoutDocument(rendered, rendered.chapters[1]!, templates, { urls, fontUrl }).html,
    [`<title>Chapter 2: ${chapters.two[0]} · ${title}</title>`, ...chapters.two],
    'handout',
  );
  has(coverImageDocument(rendered, templates, fontUrl).html, [title], 'cover image');
  assert.match(templates.css('styles/print.css'), /@page/);
});

test('a book overrides one partial and one stylesheet; the rest fall back to the defaults', async () => {
  const root = await writeBook({
    'book.yaml': 'title: Override Book\n',
    'chapters/01.md': '# One\n\nBody.\n',
    'templates/partials/cover.hbs': '<section class="cover my-cover">MY COVER {{book.title}}</section>\n',
    'templates/styles/screen.css': '.my-screen { color: red; }\n',
  });
  const outDir = await tempDir();
  await build({ root, outDir, formats: ['html'] });
  const index = await readFile(join(outDir, 'html', 'index.html'), 'utf8');
  assert.match(index, /MY COVER Override Book/);
  assert.match(index, /class="toc"/, 'the default toc partial is still used');
  assert.equal(await readFile(join(outDir, 'html', 'assets', 'screen.css'), 'utf8'), '.my-screen { color: red; }\n');
  assert.match(await readFile(join(outDir, 'html', 'assets', 'base.css'), 'utf8'), /--font-body/);
});

async function templateError(path: string, text: string): Promise<QuireError> {
  const root = await writeBook({ [`templates/${path}`]: text });
  try {
    await loadTemplates(root);
  } catch (error) {
    assert.ok(error instanceof QuireError, String(error));
    return error;
  }
  assert.fail('expected the template to be rejected');
}

test('a template syntax error names the file and line', async () => {
  const error = await templateError(
    'partials/cover.hbs',
    '<section>\n{{#if book.title}}\n<h1>{{book.title}</h1>\n{{/if}}\n',
  );
  assert.ok(error.file!.endsWith('templates/partials/cover.hbs'));
  assert.equal(error.line, 3);
  assert.match(error.message, /syntax error/);
});

test('an unknown partial names the file and line', async () => {
  const error = await templateError('partials/cover.hbs', '<section>\n\n{{> missing-partial}}\n</section>\n');
  assert.match(error.message, /unknown partial `missing-partial`/);
  assert.equal(error.line, 3);
  assert.match(error.hint!, /toc/);
});

test('an unknown helper names the file and line', async () => {
  const error = await templateError('layout.hbs', '<html>\n{{shout book.title}}\n</html>\n');
  assert.match(error.message, /unknown helper `shout`/);
  assert.equal(error.line, 2);
});

test('plain data names in mustaches are not mistaken for helpers', async () => {
  const root = await writeBook({
    'book.yaml': 'title: Data Names\nauthors: [Ann Writer, Bo Author]\n',
    'chapters/01.md': '# One\n',
    'templates/partials/cover.hbs':
      '<section class="cover">{{#book}}[{{title}}]{{/book}} {{join book.authors ", "}}</section>\n',
  });
  const outDir = await tempDir();
  await build({ root, outDir, formats: ['html'] });
  const index = await readFile(join(outDir, 'html', 'index.html'), 'utf8');
  assert.match(index, /\[Data Names\] Ann Writer, Bo Author/, 'the block and the helper both rendered');
});
