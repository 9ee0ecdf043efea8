/**
 * The site's part of the benchmark: the site stage alone (an HTML-only build), the size of the
 * search data against the book's Markdown (both gzipped), and the time from a keystroke in the
 * search box to the results drawn, in headless Chromium over file://, once the pieces have loaded.
 *
 *   node --import tsx test/bench/site.ts [--pages 500,2000] [--runs 3]
 *
 * run.ts calls benchSite() for each book it builds; this file also runs alone, which takes
 * minutes where the whole benchmark takes an hour.
 */
import { readdir, readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { build } from '../../src/index.ts';
import { findBrowser } from '../../src/browser/browser.ts';
import { generateBook, type GeneratedBook } from './generate-book.ts';
import { median, round } from './measure.ts';

export interface SiteResult {
  /** The html stage of HTML-only builds, each run. */
  siteMs: number[];
  /**
   * Node's CPU time for each whole HTML-only build (load, render, site): steadier than the stage's
   * wall time on a machine shared with other work.
   */
  buildCpuMs: number[];
  markdownGzipBytes: number;
  searchGzipBytes: number;
  /** Milliseconds from a keystroke to the results drawn, one per query (median of its runs). */
  keystrokeMs: Record<string, number>;
  /** Milliseconds from focusing the search box to every piece loaded and indexed. */
  loadMs: number;
}

/** Queries typed in the benchmark: a Chinese phrase, a Latin word typed to its end, and its start. */
const QUERIES = ['容器', '容器運行時', 'docker', 'contai'];

const gzipOf = async (files: string[]) => {
  let total = 0;
  for (const file of files) total += gzipSync(await readFile(file)).length;
  return total;
};

export async function benchSite(book: GeneratedBook, runs: number): Promise<SiteResult> {
  const outDir = await mkdtemp(join(tmpdir(), 'quire-bench-site-'));
  try {
    const siteMs: number[] = [];
    const buildCpuMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const cpu = process.cpuUsage();
      siteMs.push(round((await build({ root: book.root, outDir, formats: ['html'] })).timings.html!));
      const used = process.cpuUsage(cpu);
      buildCpuMs.push(round((used.user + used.system) / 1000));
    }
    const searchDir = join(outDir, 'html', 'assets', 'search');
    const pieces = (await readdir(searchDir)).map((f) => join(searchDir, f));
    const browser = await puppeteer.launch({
      executablePath: await findBrowser(undefined, join(book.root, 'book.yaml')),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(join(outDir, 'html', 'index.html')).href, { waitUntil: 'load' });
      const loadMs = await page.evaluate(async () => {
        const start = performance.now();
        (document.querySelector('.search-box') as HTMLInputElement).focus();
        await (window as unknown as { quireSearch: { ready(): Promise<void> } }).quireSearch.ready();
        return performance.now() - start;
      });
      const keystrokeMs: Record<string, number> = {};
      for (const query of QUERIES) {
        const times: number[] = [];
        for (let i = 0; i < Math.max(3, runs); i++) {
          times.push(
            await page.evaluate(async (q) => {
              const box = document.querySelector('.search-box') as HTMLInputElement;
              box.value = '';
              box.dispatchEvent(new Event('input', { bubbles: true }));
              await new Promise((r) => setTimeout(r, 50));
              // The last keystroke: the query without its last character is already in the box.
              box.value = q.slice(0, -1);
              box.dispatchEvent(new Event('input', { bubbles: true }));
              await new Promise((r) => setTimeout(r, 50));
              const start = performance.now();
              box.value = q;
              box.dispatchEvent(new InputEvent('input', { bubbles: true, data: q.slice(-1) }));
              // Drawn: the frame after the results are in the page has been painted.
              await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
              if (document.getElementById('search-results')?.dataset.query !== q) throw new Error('no results');
              return performance.now() - start;
            }, query),
          );
        }
        keystrokeMs[query] = round(median(times));
      }
      return {
        siteMs,
        buildCpuMs,
        markdownGzipBytes: await gzipOf(book.chapterFiles),
        searchGzipBytes: await gzipOf(pieces),
        keystrokeMs,
        loadMs: round(loadMs),
      };
    } finally {
      await browser.close();
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** One line per book: the figures and the goals they are held to. */
export function siteLine(pages: number, r: SiteResult): string {
  const ratio = r.searchGzipBytes / r.markdownGzipBytes;
  const slowest = Math.max(...Object.values(r.keystrokeMs));
  return (
    `${pages} pages: site stage ${round(median(r.siteMs))} ms (runs ${r.siteMs.join(', ')}), ` +
    `CPU of the HTML-only build ${round(median(r.buildCpuMs))} ms; ` +
    `search ${round(r.searchGzipBytes / 1024)} KB gzip = ${round(ratio * 100)}% of the Markdown's ` +
    `${round(r.markdownGzipBytes / 1024)} KB (goal ≤ 50%); pieces loaded in ${r.loadMs} ms; ` +
    `keystroke to results ${Object.entries(r.keystrokeMs)
      .map(([q, ms]) => `${q} ${ms}`)
      .join(', ')} ms (slowest ${slowest}, goal ≤ 50)`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { pages: { type: 'string', default: '500,2000' }, runs: { type: 'string', default: '3' } },
  });
  for (const pages of values.pages.split(',').map(Number)) {
    const book = await generateBook({ pages });
    try {
      console.log(siteLine(pages, await benchSite(book, Number(values.runs))));
    } finally {
      await rm(book.root, { recursive: true, force: true });
    }
  }
}
