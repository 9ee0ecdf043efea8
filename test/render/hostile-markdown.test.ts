/** Markdown built to break a naive parser: no crash, no stack overflow, no silent loss. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { copyFixture, runCli, snapshot, tempDir } from '../helpers.ts';

let base: string;
let good: Record<string, string>;

before(async () => {
  base = await copyFixture('features');
  const first = await runCli(['build', base, '--format', 'html,epub']);
  assert.equal(first.code, 0, first.stderr);
  good = snapshot(join(base, 'dist'));
});

async function goodBook(): Promise<{ book: string }> {
  const book = await tempDir();
  await cp(base, book, { recursive: true });
  return { book };
}

const chapter = (book: string, name: string) => join(book, 'chapters', name);

describe('hostile Markdown', () => {
  test('block nesting past markdown-it’s limit is an error naming the line, not a crash or a silent loss', async () => {
    const { book } = await goodBook();
    await writeFile(chapter(book, '03-quotes.md'), `# Quotes\n\nText.\n\n${'>'.repeat(100_000)} deep\n`);
    await writeFile(chapter(book, '04-lists.md'), `# Lists\n\n${'- '.repeat(100_000)}item\n`);
    const result = await runCli(['build', '.', '--format', 'html,epub'], { cwd: book });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /chapters\/03-quotes\.md:5: Markdown nested more than 100 levels deep/);
    assert.match(result.stderr, /chapters\/04-lists\.md:3: Markdown nested more than 100 levels deep/);
    assert.match(result.stderr, /hint: flatten the nesting/);
    assert.doesNotMatch(result.stderr, /RangeError|Maximum call stack/);
    assert.deepEqual(snapshot(join(book, 'dist')), good);
  });

  test('100,000 brackets or emphasis marks build; raw HTML 100,000 levels deep is a clear error', async () => {
    const { book } = await goodBook();
    await writeFile(chapter(book, '03-brackets.md'), `# Brackets\n\n${'['.repeat(100_000)}x${']'.repeat(100_000)}\n`);
    await writeFile(chapter(book, '04-stars.md'), `# Stars\n\n${'*'.repeat(1000)}x${'*'.repeat(1000)}\n`);
    const ok = await runCli(['build', '.', '--format', 'html,epub'], { cwd: book });
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(readFileSync(join(book, 'dist/html/03-brackets.html'), 'utf8').includes('[[[[x]]]]'));

    await writeFile(chapter(book, '05-divs.md'), `# Divs\n\n${'<div>'.repeat(100_000)}x${'</div>'.repeat(100_000)}\n`);
    const before = snapshot(join(book, 'dist'));
    const deep = await runCli(['build', '.', '--format', 'epub'], { cwd: book });
    assert.equal(deep.code, 1, deep.stderr);
    assert.match(deep.stderr, /chapters\/05-divs\.md: the chapter’s HTML is nested too deeply/);
    assert.match(deep.stderr, /hint: flatten the raw HTML/);
    assert.deepEqual(snapshot(join(book, 'dist')), before);
  });
});
