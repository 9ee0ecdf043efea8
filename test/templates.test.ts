import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTemplates } from '../src/assemble/templates.ts';
import { build } from '../src/index.ts';
import { QuireError } from '../src/util/errors.ts';
import { tempDir, writeBook } from './helpers.ts';

test('the defaults load and render every document', async () => {
  const templates = await loadTemplates(await tempDir());
  for (const name of ['layout.hbs', 'print.hbs', 'epub-chapter.hbs']) assert.ok(templates.files.has(name), name);
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
    'templates/partials/cover.hbs': '{{#book}}{{title}}{{/book}} {{join book.authors ", "}}\n',
  });
  await loadTemplates(root);
});
