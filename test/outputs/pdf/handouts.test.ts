/**
 * Handouts (src/outputs/pdf/handouts.ts) as a reader meets them: each chapter's PDF carries its own
 * title and the book's metadata, bookmarks to its sections, its tags, and links to the other
 * chapters that open their handouts; it is Chromium's print with one incremental update after it.
 * (The same sources giving the same bytes is tested with the other handout tests in pdf-book.test.ts.)
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { before, describe, test } from 'node:test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { build } from '../../../src/index.ts';
import { pdfInfo, pdfOutline, tempDir, writeBook } from '../../helpers.ts';

const run = promisify(execFile);

const BOOK = {
  'book.yaml': 'title: Handout Book\nauthors: [Ada Lovelace]\nlanguage: en\ndescription: Notes for a course.\n',
  'chapters/01-first.md': [
    '---\ntitle: First Steps\n---\n',
    'Read [the second chapter](./02-second.md) and [its details](./02-second.md#details).\n',
    // "Going On" is linked in the text, "Setting Up" and the second chapter's "Details" are not:
    // every section gets its bookmark either way.
    'In this chapter: [going on](#going-on).\n',
    '## Setting Up {#setting-up}\n\nSome text.\n',
    '## Going On {#going-on}\n\nMore text, and [back up](#setting-up).\n',
  ].join('\n'),
  'chapters/02-second.md':
    '---\ntitle: Second Thoughts\n---\n\nSee the details below.\n\n## Details {#details}\n\nThe details.\n',
};

describe('handouts', () => {
  let dir: string;
  before(async () => {
    const outDir = await tempDir();
    await build({ root: await writeBook(BOOK), outDir, formats: [], handouts: true });
    dir = join(outDir, 'handouts');
  });
  const file = (name: string) => join(dir, name);

  test('one per chapter, each titled with its chapter and the book, with the book’s metadata', async () => {
    assert.deepEqual((await readdir(dir)).sort(), ['01-first.pdf', '02-second.pdf']);
    for (const [name, title] of [
      ['01-first.pdf', 'First Steps · Handout Book'],
      ['02-second.pdf', 'Second Thoughts · Handout Book'],
    ] as const) {
      const { stderr } = await run('pdfinfo', [file(name)]);
      assert.equal(stderr, '', `${name}: poppler reads it without a complaint`);
      const info = await pdfInfo(file(name));
      assert.equal(info.Title, title);
      assert.equal(info.Author, 'Ada Lovelace');
      assert.equal(info.Subject, 'Notes for a course.');
      assert.equal(info.Tagged, 'yes');
      const { stdout: xmp } = await run('pdfinfo', ['-meta', file(name)]);
      assert.ok(xmp.includes(`<rdf:li xml:lang="x-default">${title}</rdf:li>`), `${name}: XMP title`);
      assert.ok(xmp.includes('<dc:language><rdf:Bag><rdf:li>en</rdf:li>'), `${name}: XMP language`);
    }
  });

  test('bookmarks to the chapter’s sections', async () => {
    assert.deepEqual(
      (await pdfOutline(file('01-first.pdf'))).map((b) => b.title),
      ['Setting Up', 'Going On'],
    );
    assert.deepEqual(
      (await pdfOutline(file('02-second.pdf'))).map((b) => b.title),
      ['Details'],
    );
  });

  test('its headings are tagged', async () => {
    const { stdout } = await run('pdfinfo', ['-struct-text', file('01-first.pdf')]);
    assert.match(stdout, /H2[^\n]*\n(?:\s+\S[^\n]*\n)*?\s+"Setting Up"/);
    assert.match(stdout, /H2[^\n]*\n(?:\s+\S[^\n]*\n)*?\s+"Going On"/);
  });

  test('links to another chapter open its handout beside it; links within the chapter stay', async () => {
    const raw = (await readFile(file('01-first.pdf'))).toString('latin1');
    assert.equal(raw.match(/\/S \/GoToR\s*\/F \(02-second\.pdf\)/g)?.length, 2);
    const doc = await getDocument({ data: new Uint8Array(await readFile(file('01-first.pdf'))), verbosity: 0 }).promise;
    try {
      const annotations = (await (await doc.getPage(1)).getAnnotations()) as {
        url?: string;
        unsafeUrl?: string;
        dest?: unknown;
      }[];
      const outside = annotations.map((a) => a.url ?? a.unsafeUrl).filter((u) => u !== undefined);
      assert.equal(outside.length, 2, `two links to the second handout: ${outside.join(', ')}`);
      assert.ok(
        outside.every((u) => u.startsWith('02-second.pdf')),
        outside.join(', '),
      );
      assert.deepEqual(
        annotations.filter((a) => a.dest !== undefined).map((a) => a.dest),
        ['going-on', 'setting-up'],
        'links within the chapter jump within the handout',
      );
    } finally {
      await doc.destroy();
    }
  });

  test("Chromium's print is kept, with the changes appended as one update, and names no folder", async () => {
    const raw = (await readFile(file('01-first.pdf'))).toString('latin1');
    assert.equal(raw.match(/%%EOF/g)?.length, 2);
    assert.match(raw.slice(raw.lastIndexOf('trailer')), /\/Prev \d+/);
    assert.doesNotMatch(raw, /file:\/\//, 'not even in the bytes the update supersedes');
  });
});
