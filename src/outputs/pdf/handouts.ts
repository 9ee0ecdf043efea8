/**
 * Handouts: one PDF per chapter (dist/handouts/NN-<slug>.pdf) for trainers, with the book and
 * chapter title in the head and "page X of Y" in the foot. All print from the build's one
 * browser, a few pages at a time.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { handoutDocument } from '../../assemble/documents.ts';
import { tocSections } from '../../assemble/view.ts';
import { writeFileAtomic } from '../../util/atomic.ts';
import { defineOutput, type UrlResolver } from '../output.ts';
import { finishIncrementally } from './update.ts';
import { stableInPlace } from './stable-bytes.ts';
import { HANDOUTS_URL, handoutLink } from './handout-links.ts';
import { scannable } from './finish.ts';
import { blockedWarnings, printGuard } from '../../browser/print-guard.ts';
import { printWithRetry } from '../../browser/print-watchdog.ts';
import { pdfMetadata } from './metadata.ts';
import { printFile } from '../../browser/print-tab.ts';
import { fontUrl, printUrls } from '../print-urls.ts';
import { handoutName } from './handout-name.ts';
import { makeWorkDir, removeWorkDir } from '../../util/work-dir.ts';

/** Chromium prints this many handouts at once: enough to keep two cores busy. */
const CONCURRENCY = 3;

export { handoutName };

export const handoutsOutput = defineOutput({
  name: 'handouts',
  async write({ rendered, templates, outDir, browser, warn, progress }) {
    const names = rendered.chapters.map(handoutName);
    const byId = new Map(rendered.chapters.map((c, i) => [c.chapter.id, names[i]!]));
    const book = printUrls(rendered);
    const work = await makeWorkDir('handouts');
    const written: string[] = [];
    let done = 0;
    progress?.(0, names.length, 'handouts');
    try {
      const guard = printGuard(rendered, work);
      // The book's metadata once (it looks at every chapter's images); each handout has its own title.
      const bookMetadata = pdfMetadata(rendered);
      const queue = rendered.chapters.map((chapter, index) => async () => {
        // Links inside the chapter stay in the handout; links to other chapters open their handouts.
        const urls: UrlResolver = {
          chapter: (id, anchor) =>
            id === chapter.chapter.id ? book.chapter(id, anchor) : `${HANDOUTS_URL}${byId.get(id)}.pdf`,
          asset: book.asset,
        };
        const file = join(work, `${names[index]}.html`);
        await writeFile(file, handoutDocument(rendered, chapter, templates, { urls, fontUrl }).html);
        const watchdog = { timeoutMs: rendered.book.config.pdf.printTimeout * 1000, what: `${names[index]}.pdf`, warn };
        const bookmarks = tocSections(chapter).map((h) => ({ title: h.text, id: h.id, children: [] }));
        const linked = bookmarks.map((b) => b.id);
        const printed = await printWithRetry(browser, watchdog, (chrome) => printFile(chrome, file, guard, linked));
        const metadata = { ...bookMetadata, title: chapter.titles.handout };
        // Chromium's own dates and tag ids made stable first, as for the book: the same sources, the same bytes.
        const { bytes, scan } = await scannable(stableInPlace(printed, metadata.date, true));
        const pdf = await finishIncrementally(bytes, scan, {
          frontPages: 0,
          bookmarks,
          metadata,
          relink: handoutLink,
          idTree: true,
        });
        const target = join(outDir, 'handouts', `${names[index]}.pdf`);
        await writeFileAtomic(target, pdf);
        written[index] = target;
        progress?.(++done, names.length, 'handouts');
      });
      await runPool(queue, CONCURRENCY);
      blockedWarnings(guard).forEach(warn);
    } finally {
      await removeWorkDir(work);
    }
    return { files: written };
  },
});

async function runPool(tasks: (() => Promise<void>)[], size: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, worker));
}
