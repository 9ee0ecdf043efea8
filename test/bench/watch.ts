/**
 * Watch mode on the benchmark book, as an author uses it: the preview open in a browser, one
 * paragraph reworded at a time in one chapter after another.
 *   - save → refreshed preview: from the write until the open chapter page draws its first frame
 *     with the new text (a DOM mutation observer in the page, then requestAnimationFrame, read on
 *     the wall clock both sides share), through the file event, the site build, the message to the
 *     page, its fetching the changed page and patching it in;
 *   - save → updated PDF: from the write to the end of the background build that reprinted the
 *     chapter, against the first whole print of the same book in the same session;
 *   - memory: Node's RSS and heap (after a full collection) after the first site rebuild and after
 *     the last of `rebuilds` (HTML only: each one a real edit, saved and built).
 */
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { findBrowser, launchBrowser } from '../../src/browser/browser.ts';
import { watch, type WatchEvent } from '../../src/watch/watch.ts';
import { editParagraph } from './edits.ts';
import type { GeneratedBook } from './generate-book.ts';
import { MB, collectGarbage, median, round } from './measure.ts';

const within = <T>(ms: number, promise: Promise<T>, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
};

export interface WatchResult {
  edits: number;
  saveToReloadMs: number[];
  saveToPdfMs: number[];
  /** The first whole print's background build, for comparison. */
  wholePdfMs: number;
  medianSaveToReloadMs: number;
  medianSaveToPdfMs: number;
  memory: { rebuilds: number; afterFirst: Memory; afterLast: Memory; rssGrowthMB: number; heapGrowthMB: number };
}

interface Memory {
  rssMB: number;
  heapUsedMB: number;
}

const memory = (): Memory => {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMB: round(rss / MB), heapUsedMB: round(heapUsed / MB) };
};

export async function benchWatch(
  book: GeneratedBook,
  options: { edits: number; rebuilds: number; progress: (line: string) => void },
): Promise<WatchResult> {
  const outDir = await mkdtemp(join(tmpdir(), 'quire-bench-watch-'));
  const originals = new Map<string, string>();
  const waiters: { test: (e: WatchEvent) => boolean; resolve: (e: WatchEvent) => void }[] = [];
  const next = (test: (e: WatchEvent) => boolean) =>
    new Promise<WatchEvent>((resolve) => waiters.push({ test, resolve }));
  const onEvent = (e: WatchEvent) => {
    for (const w of waiters.filter((w) => w.test(e))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(e);
    }
  };
  const backgroundEnd = (e: WatchEvent) => e.type === 'build-end' && e.kind === 'background';
  const siteEnd = (e: WatchEvent) => e.type === 'build-end' && e.kind === 'site';
  const edit = async (file: string, mark: string) => {
    if (!originals.has(file)) originals.set(file, await readFile(file, 'utf8'));
    await writeFile(file, editParagraph(originals.get(file)!, mark));
  };

  let browser: Browser | undefined;
  try {
    // 1. Latencies, with the PDF kept fresh (the whole reprint after a pause is put off past the run).
    options.progress(`watch: first build and whole print (${book.chapterFiles.length} chapters)`);
    const firstWhole = next(backgroundEnd);
    const watcher = await watch({
      root: book.root,
      outDir,
      formats: ['html', 'pdf'],
      port: 0,
      wholePrintAfterMs: 3_600_000,
      onEvent,
    });
    const saveToReloadMs: number[] = [];
    const saveToPdfMs: number[] = [];
    let wholePdfMs = NaN;
    try {
      const first = await firstWhole;
      wholePdfMs = first.type === 'build-end' ? round(first.ms) : NaN;
      await watcher.idle();
      browser = await launchBrowser(await findBrowser(undefined, join(book.root, 'book.yaml')));
      const page = await browser.newPage();
      for (let i = 0; i < options.edits; i++) {
        const chapter = book.chapterFiles[(3 + i * 7) % book.chapterFiles.length]!;
        const id = chapter.split('/').pop()!.replace(/\.md$/, '');
        await page.goto(`${watcher.url}${id}.html`, { waitUntil: 'load' });
        // The author reads the page a moment before editing: its live-reload channel is connected.
        await new Promise((r) => setTimeout(r, 1000));
        const mark = `第${i}次修改`;
        // Timed in the page: the clock stops at the first frame drawn after the new text is in the
        // DOM, which is what the author sees. (Polling from here would add the DevTools round trips.)
        await page.evaluate((text) => {
          const w = window as unknown as { quireShown?: Promise<number> };
          w.quireShown = new Promise((resolve) => {
            const seen = new MutationObserver(() => {
              if (!document.body.innerText.includes(text)) return;
              seen.disconnect();
              requestAnimationFrame(() => resolve(Date.now()));
            });
            seen.observe(document.body, { childList: true, subtree: true, characterData: true });
          });
        }, mark);
        const shown = page.evaluate(() => (window as unknown as { quireShown: Promise<number> }).quireShown);
        const pdf = next((e) => backgroundEnd(e) && ['whole', 'reprinted'].includes((e as { pdf?: string }).pdf ?? ''));
        const start = performance.now();
        const startWall = Date.now(); // the page's clock is the same wall clock
        await edit(chapter, mark);
        saveToReloadMs.push((await within(60_000, shown, 'the edit to show in the preview')) - startWall);
        const done = await pdf;
        saveToPdfMs.push(round(performance.now() - start));
        if ((done as { pdf?: string }).pdf !== 'reprinted') options.progress(`watch: edit ${i} printed the whole book`);
        options.progress(
          `watch: edit ${i + 1}/${options.edits}: reload ${saveToReloadMs.at(-1)} ms, PDF ${saveToPdfMs.at(-1)} ms`,
        );
      }
    } finally {
      await watcher.close();
    }

    // 2. Memory over many rebuilds of the site.
    options.progress(`watch: ${options.rebuilds} site rebuilds`);
    const siteOnly = await watch({ root: book.root, outDir, formats: ['html'], port: 0, onEvent });
    let afterFirst: Memory | undefined;
    try {
      await siteOnly.idle();
      for (let i = 0; i < options.rebuilds; i++) {
        const built = next(siteEnd);
        await edit(book.chapterFiles[i % book.chapterFiles.length]!, `重建${i}`);
        await built;
        await siteOnly.idle();
        if (i === 0) afterFirst = memory();
      }
    } finally {
      await siteOnly.close();
    }
    const afterLast = memory();
    return {
      edits: options.edits,
      saveToReloadMs,
      saveToPdfMs,
      wholePdfMs,
      medianSaveToReloadMs: median(saveToReloadMs),
      medianSaveToPdfMs: median(saveToPdfMs),
      memory: {
        rebuilds: options.rebuilds,
        afterFirst: afterFirst!,
        afterLast,
        rssGrowthMB: round(afterLast.rssMB - afterFirst!.rssMB),
        heapGrowthMB: round(afterLast.heapUsedMB - afterFirst!.heapUsedMB),
      },
    };
  } finally {
    await browser?.close();
    for (const [file, text] of originals) await writeFile(file, text);
    await rm(outDir, { recursive: true, force: true });
  }
}
