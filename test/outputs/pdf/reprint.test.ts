/**
 * Watch mode's PDF: after an edit only the changed chapter is reprinted and spliced into the last
 * whole print. Read back, page for page, it must be what a full build of the same sources gives:
 * text and folios of every page, page labels, links and where they lead, bookmarks, destinations.
 */
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build } from '../../../src/index.ts';
import { watch, type WatchEvent, type Watcher } from '../../../src/watch/watch.ts';
import { editParagraph } from '../../bench/edits.ts';
import { generateBook, type GeneratedBook } from '../../bench/generate-book.ts';
import { tempDir } from '../../helpers.ts';
import { assertSamePdf, summary } from '../../support/pdf-summary.ts';

async function freshBuild(root: string): Promise<string> {
  const { files } = await build({ root, outDir: await tempDir(), formats: ['pdf'] });
  return files.pdf![0]!;
}

describe('the PDF while watching', () => {
  let book: GeneratedBook;
  let watcher: Watcher;
  let outDir: string;
  const events: WatchEvent[] = [];
  let onPdf: ((pdf: 'whole' | 'reprinted') => void) | undefined;
  let saves = 0;
  const saved = process.env.SOURCE_DATE_EPOCH;

  before(async () => {
    process.env.SOURCE_DATE_EPOCH = '1764201600';
    book = await generateBook({ pages: 60, dir: join(await tempDir(), 'book') });
    outDir = await tempDir();
    watcher = await watch({
      root: book.root,
      outDir,
      formats: ['html', 'pdf'],
      port: 0,
      wholePrintAfterMs: 1500,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'build-end' && e.kind === 'background' && e.pdf && e.pdf !== 'unchanged') {
          // Keep this build's file before a later one replaces it.
          copyFileSync(join(outDir, 'book.pdf'), join(outDir, `after-${e.id}.pdf`));
          onPdf?.(e.pdf);
        }
      },
    });
    await watcher.idle();
  });
  after(async () => {
    await watcher?.close();
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  });

  const save = async (file: string, text: string) => {
    const done = new Promise<'whole' | 'reprinted'>((resolve) => (onPdf = resolve));
    // As editors save: a new file renamed over the old, so no build reads it half-written.
    const temp = `${file}.${++saves}.tmp`;
    await writeFile(temp, text);
    await rename(temp, file);
    const pdf = await done;
    const last = events.findLast((e) => e.type === 'build-end' && e.kind === 'background')!;
    return { pdf, file: join(outDir, `after-${(last as { id: number }).id}.pdf`) };
  };

  test('an edit within a chapter reprints that chapter alone; the PDF equals a full build page for page', async () => {
    const file = book.chapterFiles[2]!;
    const { pdf, file: spliced } = await save(file, editParagraph(await readFile(file, 'utf8'), '改寫後的字'));
    assert.equal(pdf, 'reprinted');
    assertSamePdf(await summary(spliced), await summary(await freshBuild(book.root)), 'reprinted chapter');

    // A second chapter edited: both reprints stay in.
    const other = book.chapterFiles[4]!;
    const second = await save(other, editParagraph(await readFile(other, 'utf8'), '再次修改'));
    assert.equal(second.pdf, 'reprinted');
    assertSamePdf(await summary(second.file), await summary(await freshBuild(book.root)), 'two reprinted chapters');
  });

  test('once the author pauses, the whole book is printed again: byte for byte a full build', async () => {
    await watcher.idle();
    const last = events.findLast((e) => e.type === 'build-end' && e.kind === 'background');
    assert.equal((last as { pdf?: string }).pdf, 'whole');
    const fresh = await freshBuild(book.root);
    assert.ok((await readFile(join(outDir, 'book.pdf'))).equals(await readFile(fresh)));
  });

  test('an edit that changes a chapter’s page count prints the whole book, equal to a full build', async () => {
    const file = book.chapterFiles[1]!;
    const paragraph = '新增的段落內容，讓這一章多出好幾頁。'.repeat(40);
    const longer = `${await readFile(file, 'utf8')}\n\n${paragraph}\n\n${paragraph}\n\n${paragraph}\n`;
    const { pdf, file: printed } = await save(file, longer);
    assert.equal(pdf, 'whole');
    assertSamePdf(await summary(printed), await summary(await freshBuild(book.root)), 'page count changed');
  });
});
