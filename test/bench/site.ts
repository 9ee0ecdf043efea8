/**
 * The site's part of the benchmark: the site stage alone (an HTML-only build), the size of the
 * search's index (what a page loads before it can search) and apart from it the chapters' texts
 * (loaded only for results shown), each against the book's Markdown (all gzipped), and the time
 * from a keystroke in the search box to the results drawn, in headless Chromium over file://: the
 * index loaded (and the fonts the page asked for meanwhile) and the keystroke before searched, but
 * no chapter's text loaded yet.
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
  /** The index, `assets/search/index.js`: what loads before a search can run. */
  searchGzipBytes: number;
  /** The chapters' texts, `assets/search/<id>.js`: loaded only for the results shown. */
  textsGzipBytes: number;
  /** Milliseconds from a keystroke to the results drawn, one per query (median of its runs). */
  keystrokeMs: Record<string, number>;
  /** Milliseconds from a keystroke to the results whole, every snippet in (median of its runs). */
  wholeMs: Record<string, number>;
  /**
   * Milliseconds the page's own script spends on the keystroke (the input event's handlers: the
   * search and building the results' elements), median of the runs; the rest is the browser's frame.
   */
  scriptMs: Record<string, number>;
  /** How many chapters' texts each query loaded (the last run's). */
  textsLoaded: Record<string, number>;
  /** Milliseconds from focusing the search box to the index loaded (median of the runs). */
  loadMs: number;
}

/**
 * Queries typed in the benchmark: Chinese phrases of two and four characters that the generated
 * book holds (容器 in most sections) and one it does not; a Latin word typed to its end, its start,
 * and a word the book does not have.
 */
const QUERIES = ['容器', '生產環境', '服務網格', 'docker', 'contai', 'zyxwv'];

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
    const texts = (await readdir(searchDir)).filter((f) => f !== 'index.js').map((f) => join(searchDir, f));
    const browser = await puppeteer.launch({
      executablePath: await findBrowser(undefined, join(book.root, 'book.yaml')),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
    });
    try {
      const page = await browser.newPage();
      const url = pathToFileURL(join(outDir, 'html', 'index.html')).href;
      const loads: number[] = [];
      const keystrokeMs: Record<string, number> = {};
      const wholeMs: Record<string, number> = {};
      const scriptMs: Record<string, number> = {};
      const textsLoaded: Record<string, number> = {};
      for (const query of QUERIES) {
        const times: number[] = [];
        const wholeTimes: number[] = [];
        const scriptTimes: number[] = [];
        for (let i = 0; i < Math.max(3, runs); i++) {
          // A fresh page each time: the index loaded, no chapter's text yet.
          await page.goto(url, { waitUntil: 'load' });
          loads.push(await page.evaluate(indexLoad));
          // The fonts the page asked for meanwhile (its own, and those the results will need) are in,
          // as they are by the time a reader has typed a query.
          await page.evaluate(() => document.fonts.ready);
          // The keystroke before: its search ran (the page's code is compiled), its texts not loaded.
          await page.evaluate(
            (q) => (window as unknown as { quireSearch: { search(q: string): unknown } }).quireSearch.search(q),
            query.slice(0, -1),
          );
          const [drawn, whole, loaded, script] = await page.evaluate(lastKeystroke, query);
          scriptTimes.push(script);
          times.push(drawn);
          wholeTimes.push(whole);
          textsLoaded[query] = loaded;
        }
        keystrokeMs[query] = round(median(times));
        wholeMs[query] = round(median(wholeTimes));
        scriptMs[query] = round(median(scriptTimes));
      }
      return {
        siteMs,
        buildCpuMs,
        markdownGzipBytes: await gzipOf(book.chapterFiles),
        searchGzipBytes: await gzipOf([join(searchDir, 'index.js')]),
        textsGzipBytes: await gzipOf(texts),
        keystrokeMs,
        wholeMs,
        scriptMs,
        textsLoaded,
        loadMs: round(median(loads)),
      };
    } finally {
      await browser.close();
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** In the page: focus the search box and wait for the index. */
async function indexLoad(): Promise<number> {
  const start = performance.now();
  (document.querySelector('.search-box') as HTMLInputElement).focus();
  await (window as unknown as { quireSearch: { ready(): Promise<void> } }).quireSearch.ready();
  return performance.now() - start;
}

/**
 * In the page: the query's last keystroke (the rest already in the box), timed until the frame
 * after its results are first drawn (titles, and the snippets already at hand), and until the
 * frame after they are whole (every snippet in); how many chapters' texts arrived meanwhile; and
 * the time the page's script took on the keystroke itself.
 */
async function lastKeystroke(q: string): Promise<[number, number, number, number]> {
  const box = document.querySelector('.search-box') as HTMLInputElement;
  const panel = document.getElementById('search-results')!;
  const search = (window as unknown as { quireSearch: { text(...args: unknown[]): void } }).quireSearch;
  let loaded = 0;
  const text = search.text.bind(search);
  search.text = (...args) => {
    loaded++;
    text(...args);
  };
  box.value = q;
  // No named functions in here: the page has not the helper the TypeScript loader names them with.
  const [drawn, whole] = (['shown', 'query'] as const).map(
    (attribute) =>
      new Promise<number>((resolve) => {
        const observer = new MutationObserver(() => {
          if (panel.dataset[attribute] !== q) return;
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
        });
        observer.observe(panel, { attributes: true, attributeFilter: [`data-${attribute}`] });
      }),
  );
  const start = performance.now();
  // Dispatched from here, the event's handlers run before this line returns.
  box.dispatchEvent(new InputEvent('input', { bubbles: true, data: q.slice(-1) }));
  const script = performance.now() - start;
  return [(await drawn!) - start, (await whole!) - start, loaded, script];
}

/** One line per book: the figures and the goals they are held to. */
export function siteLine(pages: number, r: SiteResult): string {
  const ratio = r.searchGzipBytes / r.markdownGzipBytes;
  const slowest = Math.max(...Object.values(r.keystrokeMs));
  return (
    `${pages} pages: site stage ${round(median(r.siteMs))} ms (runs ${r.siteMs.join(', ')}), ` +
    `CPU of the HTML-only build ${round(median(r.buildCpuMs))} ms; ` +
    `search index ${round(r.searchGzipBytes / 1024)} KB gzip = ${round(ratio * 100)}% of the Markdown's ` +
    `${round(r.markdownGzipBytes / 1024)} KB (goal ≤ 50%), chapters' texts ${round(r.textsGzipBytes / 1024)} KB ` +
    `more (${round((r.textsGzipBytes / r.markdownGzipBytes) * 100)}%, loaded for the results shown); ` +
    `index loaded in ${r.loadMs} ms; keystroke to results drawn (in brackets: the page's script on the keystroke, to every snippet in, and the chapters' texts loaded) ${Object.entries(
      r.keystrokeMs,
    )
      .map(([q, ms]) => `${q} ${ms} (script ${r.scriptMs[q]}, whole ${r.wholeMs[q]}, ${r.textsLoaded[q]} texts)`)
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
