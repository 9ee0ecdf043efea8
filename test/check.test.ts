/** `quire check`: every problem a build would find, all at once, without a browser or writing anything. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import JSZip from 'jszip';
import { check } from '../src/index.ts';
import { copyFixture, runCli, snapshot } from './helpers.ts';

test('a good book: exit 0, no problem, nothing written', async () => {
  const book = await copyFixture('features');
  const before = snapshot(book, { times: true });
  const result = await runCli(['check', '.', '--no-epubcheck'], { cwd: book });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^0 errors, 0 warnings$/m);
  assert.equal(result.stderr, '');
  assert.deepEqual(snapshot(book, { times: true }), before, 'no file written, not even dist/');
});

test('every problem is listed with file and line, across chapters, book.yaml and templates; exit 1', async () => {
  const book = await copyFixture('features');
  await appendFile(join(book, 'book.yaml'), 'colour: blue\n');
  await writeFile(join(book, 'chapters', '03-bad-yaml.md'), '---\ntitle: [open\n---\n# Bad\n');
  await writeFile(join(book, 'chapters', '04-latin1.md'), Buffer.from('# Caf\u00e9\n', 'latin1'));
  await writeFile(join(book, 'chapters', '05-empty.md'), '');
  const before = snapshot(book, { times: true });
  const result = await runCli(['check', '.', '--no-epubcheck'], { cwd: book });
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.match(result.stderr, /error: book\.yaml:\d+:1: unknown key `colour`/);
  assert.match(result.stderr, /error: chapters\/03-bad-yaml\.md:2:\d+: invalid front matter/);
  assert.match(result.stderr, /error: chapters\/04-latin1\.md:1:6: the file is not UTF-8 text/);
  assert.match(result.stderr, /warning: chapters\/05-empty\.md:1: the chapter is empty/);
  assert.match(result.stdout, /^3 errors, 1 warning$/m);
  assert.deepEqual(snapshot(book, { times: true }), before);

  // With book.yaml and the chapters fixed: links, images and templates, every one of them.
  await writeFile(join(book, 'book.yaml'), readFileSync(join(book, 'book.yaml'), 'utf8').replace('colour: blue\n', ''));
  await writeFile(join(book, 'chapters', '03-bad-yaml.md'), '# Links\n\n[gone](./09-gone.md)\n\n![](nope.png)\n');
  await writeFile(join(book, 'chapters', '04-latin1.md'), '# More links\n\n[where](./01-basics.md#nowhere)\n');
  await appendFile(join(book, 'chapters', '02-more.md'), '\n![far](http://example.invalid/x.png)\n');
  await writeFile(join(book, 'chapters', '05-empty.md'), '# Not empty\n');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(book, 'templates', 'partials'), { recursive: true });
  await writeFile(join(book, 'templates', 'partials', 'cover.hbs'), '<h1>{{shout book.title}}</h1>\n{{> nothing}}\n');
  const again = await runCli(['check', '.', '--no-epubcheck'], { cwd: book });
  assert.equal(again.code, 1);
  for (const expected of [
    /chapters\/03-bad-yaml\.md:3: link to `\.\/09-gone\.md`: no such chapter/,
    /chapters\/03-bad-yaml\.md:5: file `nope\.png` not found/,
    /warning: chapters\/03-bad-yaml\.md:5: image `nope\.png` has no alt text/,
    /chapters\/04-latin1\.md:3: link to `\.\/01-basics\.md#nowhere`/,
    /warning: chapters\/02-more\.md:\d+: remote image `http:\/\/example\.invalid\/x\.png` is not fetched/,
    /templates\/partials\/cover\.hbs:1: unknown helper `shout`/,
    /templates\/partials\/cover\.hbs:2: unknown partial `nothing`/,
  ])
    assert.match(again.stderr, expected);
  assert.match(again.stdout, /^5 errors, 2 warnings$/m);
});

test('no browser is needed: a missing one is only a warning', async () => {
  const book = await copyFixture('features');
  const result = await runCli(['check', '.', '--no-epubcheck'], {
    cwd: book,
    env: { PUPPETEER_EXECUTABLE_PATH: '/nowhere/chrome' },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /warning: PUPPETEER_EXECUTABLE_PATH is `\/nowhere\/chrome`/);
});

test('epubcheck runs on the last EPUB built, and its findings are listed', async () => {
  const book = await copyFixture('features');
  const built = await runCli(['build', book, '--format', 'epub']);
  assert.equal(built.code, 0, built.stderr);
  const epub = join(book, 'dist', 'features.epub');
  const clean = await check({ root: book });
  assert.equal(clean.epubChecked, epub);
  assert.deepEqual(
    clean.errors.map((e) => e.message),
    [],
  );

  // Break the EPUB as a stray tool might: a chapter that is not well-formed XHTML.
  const zip = await JSZip.loadAsync(readFileSync(epub));
  const name = Object.keys(zip.files).find((f) => f.endsWith('01-basics.xhtml'))!;
  zip.file(name, (await zip.file(name)!.async('string')).replace('</body>', '<p>unclosed</body>'));
  await writeFile(epub, await zip.generateAsync({ type: 'uint8array' }));
  const result = await runCli(['check', '.'], { cwd: book });
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.match(
    result.stderr,
    new RegExp(`error: dist/features\\.epub: epubcheck \\w+-\\d+ at .*01-basics\\.xhtml:\\d+`),
  );
  assert.match(result.stdout, /epubcheck ran on/);
  assert.ok(existsSync(epub));
});
