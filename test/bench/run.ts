/**
 * The benchmark: build a generated book of about N A4 pages and compare each stage with its floor.
 *
 *   npm run bench [-- --pages N] [-- --runs R] [-- --json[=path]] [-- --scale] [-- --keep] [-- --seed S]
 *
 * Per book size, each measurement R times (median reported, every run in the JSON):
 *   - the full build() of all formats into a temporary folder, with the per-stage times it reports,
 *     peak memory of Node (getrusage maxRSS, sampled RSS and heapUsed) and time per PDF page;
 *   - the bare Chromium print of the same print document: printHtml() written to a file, then one
 *     printFile() (goto, fonts ready, page.pdf) in a fresh browser, its launch timed apart: the floor
 *     of the PDF stage;
 *   - pandoc making an EPUB from the same chapter files, when pandoc is installed.
 * Then one build and one bare print more, sampled for Chromium's memory (summed RSS and PSS of its
 * processes) and CPU time: walking /proc slows Chromium, so the timed runs are not sampled.
 * Builds and bare prints take turns (build 1, bare print 1, build 2, …): a machine shared with other
 * work slows down and speeds up over minutes, and taking turns lets both sides of a ratio see the same
 * machine; the ratios of each pair are shown too. getrusage's maxRSS is a process-lifetime peak, and
 * a bare print holds the whole print document at once: the builds' peak is read after the first
 * build, before any bare print of that size. Sizes run smallest first for the same reason.
 * Wall times suffer from anything else the machine runs; the table shows the load average and the CPU
 * times of Node and Chromium, which suffer much less.
 * Progress goes to stderr; the table (and with --json, the JSON) to stdout.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import type { Page, Target } from 'puppeteer-core';
import { build, loadBook, loadTemplates, renderBook } from '../../src/index.ts';
import { findBrowser, launchBrowser } from '../../src/browser/browser.ts';
import { printHtml } from '../../src/outputs/pdf/print-documents.ts';
import { printFile } from '../../src/browser/print-tab.ts';
import { collectSoonerWhenLarge } from '../../src/util/heap-growth.ts';
import { chaptersFor, generateBook, type GeneratedBook } from './generate-book.ts';
import { benchWatch, type WatchResult } from './watch.ts';
import { benchSite, siteLine, type SiteResult } from './site.ts';
import {
  MB,
  collectGarbage,
  machine,
  maxRssMB,
  median,
  medianOf,
  pandocVersion,
  pdfPageCount,
  round,
  since,
  startSampler,
  type Machine,
  type Samples,
} from './measure.ts';

const NODE_MEMORY_GOAL_MB = 400;
const SCALE_SIZES = [20, 50, 100, 500, 1000, 2000];
/** Sizes measured once in a --scale run unless --runs is given: each build takes minutes. */
const LONG_SIZES = new Set([1000, 2000]);
/**
 * The PDF stage's goal against launch + one bare print of the same document, by book size: a short
 * book close to one print, a long one (printed in parts) faster than one print.
 */
const pdfGoal = (pages: number): number | undefined => (pages <= 100 ? 1.3 : pages >= 1000 ? 0.8 : undefined);

const HELP = `Usage: npm run bench -- [options]

  --pages N      about N A4 pages (default 500; chapters scale with it: 40 for 500)
  --runs R       repeat each measurement R times, report the median (default 3)
  --scale        run 20, 50, 100, 500, 1000 and 2000 pages (the last two once unless --runs is given),
                 compare time per page and the PDF stage with its goal at each size;
                 --pages is then ignored
  --json[=path]  also print the full results as JSON after the table, or write them to path
  --seed S       seed of the generated book (default: the generator's)
  --edits N      watch mode: N one-paragraph edits with the preview open (default 9; 0 skips watch mode);
                 in --scale runs, only on the 500-page book
  --rebuilds N   watch mode: site rebuilds for the memory check (default 200)
  --keep         keep the generated books and outputs (their folders are printed)
  -h, --help     show this help`;

interface Options {
  pages: number;
  runs: number;
  runsGiven: boolean;
  scale: boolean;
  json: false | true | string;
  seed: number | undefined;
  keep: boolean;
  edits: number;
  rebuilds: number;
}

function parseOptions(argv: string[]): Options | undefined {
  // `--json` takes an optional value, which parseArgs cannot express: handle it first.
  let json: Options['json'] = false;
  const rest = argv.filter((arg) => {
    if (arg === '--json') json = true;
    else if (arg.startsWith('--json=')) json = arg.slice('--json='.length) || true;
    else return true;
    return false;
  });
  const { values } = parseArgs({
    args: rest,
    options: {
      pages: { type: 'string' },
      runs: { type: 'string' },
      scale: { type: 'boolean', default: false },
      seed: { type: 'string' },
      keep: { type: 'boolean', default: false },
      edits: { type: 'string' },
      rebuilds: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return undefined;
  const whole = (name: string, value: string | undefined, fallback: number, least = 1) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < least)
      throw new Error(`--${name} takes a whole number ≥ ${least}, not \`${value}\``);
    return n;
  };
  const positive = (name: string, value: string | undefined, fallback: number) => whole(name, value, fallback);
  return {
    pages: positive('pages', values.pages, 500),
    runs: positive('runs', values.runs, 3),
    runsGiven: values.runs !== undefined,
    scale: values.scale,
    json,
    seed: values.seed === undefined ? undefined : positive('seed', values.seed, 0),
    keep: values.keep,
    edits: whole('edits', values.edits, 9, 0),
    rebuilds: whole('rebuilds', values.rebuilds, 200),
  };
}

// ---------------------------------------------------------------- measurements

interface BuildRun {
  totalMs: number;
  /** As build() reports them: load, render, html, pdf, epub. */
  stages: Record<string, number>;
  pdfPages: number;
  pdfBytes: number;
  epubBytes: number;
  memory: Samples;
  /** getrusage maxRSS of this process after the run (a process-lifetime peak). */
  maxRssMB: number;
  /** CPU time of this Node process (all threads, user + system) during the build, less the sampler's. */
  nodeCpuMs: number;
  /** 1-minute load average when the run started: other work on the machine skews every time. */
  loadAverage: number;
}

interface BareRun {
  /** loadBook + renderBook + loadTemplates, as the build's load and render stages. */
  prepareMs: number;
  /** printHtml(): the print document. */
  printHtmlMs: number;
  /** findBrowser + launchBrowser. */
  launchMs: number;
  /** One printFile(): newPage, goto (load), fonts ready, page.pdf(), close. */
  printMs: number;
  /** Of printMs: from the call until the page's load event (newPage, navigation, parsing, images). */
  untilLoadMs: number | undefined;
  /** Of printMs: after the load event (fonts ready, layout and PDF generation, page close). */
  afterLoadMs: number | undefined;
  pdfPages: number;
  /** pdf-lib loading and saving that PDF: the least that finishing a printed PDF with pdf-lib costs. */
  pdfLibLoadMs: number;
  pdfLibSaveMs: number;
  memory: Samples;
  loadAverage: number;
}

interface PandocRun {
  ms: number;
  epubBytes: number;
}

interface SizeResult {
  pagesRequested: number;
  book: {
    chapters: number;
    markdownKB: number;
    images: number;
    estimatedPages: number;
    generateMs: number;
    printHtmlKB: number;
    root: string;
  };
  runs: number;
  /** `runs` are timed; `sampled`, one run more, gives the browser's memory and CPU time (startSampler). */
  build: { runs: BuildRun[]; sampled: BuildRun; median: Record<string, number> };
  bare: { runs: BareRun[]; sampled: BareRun; median: Record<string, number> };
  pandoc: { version: string; runs: PandocRun[]; medianMs: number } | { skipped: string };
  /** The EPUB stage of an EPUB-only build: the stage without the PDF competing for the two cores. */
  epubAlone: { runs: number[]; medianMs: number };
  watch?: WatchResult;
  /** The site stage alone, the search data's size and the keystroke-to-results time (see site.ts). */
  site: SiteResult;
  ratios: Record<string, number | null>;
}

interface Report {
  date: string;
  machine: Machine;
  node: string;
  chromium: string;
  pandoc: string | null;
  options: { pages: number[]; runs: number; seed: number | null };
  sizes: SizeResult[];
  scale?: { msPerPage: Record<string, number>; ratio2000to500: number | null };
}

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function measureBuild(root: string, keep: boolean, sampled = false): Promise<BuildRun> {
  const outDir = await mkdtemp(join(tmpdir(), 'quire-bench-out-'));
  try {
    collectGarbage();
    const loadAverage = os.loadavg()[0]!;
    const sampler = startSampler({ browser: sampled });
    const cpu = process.cpuUsage();
    const start = performance.now();
    let result;
    let memory: Samples;
    try {
      result = await build({ root, outDir, onStage: () => sampler.mark() });
    } finally {
      memory = await sampler.stop();
    }
    const totalMs = since(start);
    const { user, system } = process.cpuUsage(cpu);
    const pdf = result.files.pdf?.[0];
    const epub = result.files.epub?.[0];
    if (!pdf || !epub) throw new Error('the build wrote no PDF or no EPUB');
    return {
      totalMs,
      stages: result.timings,
      pdfPages: await pdfPageCount(pdf),
      pdfBytes: (await stat(pdf)).size,
      epubBytes: (await stat(epub)).size,
      memory,
      maxRssMB: maxRssMB(),
      nodeCpuMs: (user + system) / 1000 - memory.samplerCpuMs,
      loadAverage,
    };
  } finally {
    if (keep) progress(`  outputs kept in ${outDir}`);
    else await rm(outDir, { recursive: true, force: true });
  }
}

async function measureBarePrint(
  root: string,
  work: string,
  onVersion: (v: string) => void,
  sampled = false,
): Promise<BareRun & { htmlBytes: number }> {
  collectGarbage();
  const loadAverage = os.loadavg()[0]!;
  let start = performance.now();
  const book = await loadBook({ root });
  const [rendered, templates] = await Promise.all([renderBook(book), loadTemplates(root)]);
  const prepareMs = since(start);
  start = performance.now();
  const html = printHtml(rendered, templates);
  const printHtmlMs = since(start);
  const file = join(work, 'print.html');
  await writeFile(file, html);

  const sampler = startSampler({ browser: sampled });
  start = performance.now();
  const browser = await launchBrowser(await findBrowser(book.config.pdf.browser, book.configFile));
  const launchMs = since(start);
  try {
    onVersion(await browser.version());
    // The load event of the page printFile() opens splits the print in two (without changing it).
    const url = pathToFileURL(file).href;
    let loadedAt: number | undefined;
    const onTarget = (target: Target) => {
      if (target.type() !== 'page') return;
      void target.page().then((page: Page | null) =>
        page?.on('load', () => {
          if (page.url() === url) loadedAt ??= performance.now();
        }),
      );
    };
    browser.on('targetcreated', onTarget);
    const printStart = performance.now();
    const pdf = await printFile(browser, file);
    const printMs = since(printStart);
    browser.off('targetcreated', onTarget);
    const untilLoadMs = loadedAt === undefined ? undefined : loadedAt - printStart;
    const pdfFile = join(work, 'bare.pdf');
    await writeFile(pdfFile, pdf);
    const memory = await sampler.stop();
    start = performance.now();
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const pdfLibLoadMs = since(start);
    start = performance.now();
    await doc.save({ updateFieldAppearances: false });
    const pdfLibSaveMs = since(start);
    return {
      prepareMs,
      printHtmlMs,
      launchMs,
      printMs,
      untilLoadMs,
      afterLoadMs: untilLoadMs === undefined ? undefined : printMs - untilLoadMs,
      pdfPages: await pdfPageCount(pdfFile),
      pdfLibLoadMs,
      pdfLibSaveMs,
      memory,
      loadAverage,
      htmlBytes: Buffer.byteLength(html),
    };
  } finally {
    await browser.close().catch(() => undefined);
  }
}

/** Each build's PDF stage over launch + bare print of the bare print that followed it. */
const pairedRatios = (builds: BuildRun[], bares: BareRun[]) =>
  builds.map((b, i) => (b.stages.pdf ?? NaN) / (bares[i]!.launchMs + bares[i]!.printMs));

async function measurePandoc(book: GeneratedBook, work: string): Promise<PandocRun> {
  const out = join(work, 'pandoc.epub');
  const start = performance.now();
  await promisify(execFile)(
    'pandoc',
    ['-o', out, '--metadata', `title=${book.title}`, '--metadata', 'lang=zh-Hant', ...book.chapterFiles],
    { cwd: dirname(book.chapterFiles[0]!), maxBuffer: 64 * MB },
  );
  const ms = since(start);
  return { ms, epubBytes: (await stat(out)).size };
}

async function benchSize(
  pages: number,
  runs: number,
  options: Options,
  report: Pick<Report, 'chromium' | 'pandoc'>,
): Promise<SizeResult> {
  progress(`${pages} pages: generating the book (${chaptersFor(pages)} chapters)`);
  const start = performance.now();
  const book = await generateBook({ pages, seed: options.seed });
  const generateMs = since(start);
  const work = await mkdtemp(join(tmpdir(), 'quire-bench-work-'));
  try {
    const builds: BuildRun[] = [];
    const bares: BareRun[] = [];
    let htmlBytes = 0;
    for (let i = 1; i <= runs; i++) {
      progress(`${pages} pages: full build, run ${i}/${runs}`);
      builds.push(await measureBuild(book.root, options.keep));
      progress(`${pages} pages: bare Chromium print, run ${i}/${runs}`);
      const { htmlBytes: bytes, ...bare } = await measureBarePrint(book.root, work, (v) => (report.chromium = v));
      htmlBytes = bytes;
      bares.push(bare);
    }
    // The browser's memory and CPU time, from a run of each sampled apart (see startSampler).
    progress(`${pages} pages: full build and bare print, sampled for the browser's memory`);
    const sampledBuild = await measureBuild(book.root, false, true);
    const sampledBare = await measureBarePrint(book.root, work, () => undefined, true);
    const epubAloneRuns: number[] = [];
    for (let i = 1; i <= runs; i++) {
      progress(`${pages} pages: EPUB-only build, run ${i}/${runs}`);
      const outDir = await mkdtemp(join(tmpdir(), 'quire-bench-epub-'));
      try {
        epubAloneRuns.push(round((await build({ root: book.root, outDir, formats: ['epub'] })).timings.epub!));
      } finally {
        await rm(outDir, { recursive: true, force: true });
      }
    }
    const epubAlone = { runs: epubAloneRuns, medianMs: median(epubAloneRuns) };
    let pandoc: SizeResult['pandoc'] = { skipped: 'pandoc not installed' };
    if (report.pandoc) {
      const pandocRuns: PandocRun[] = [];
      for (let i = 1; i <= runs; i++) {
        progress(`${pages} pages: pandoc EPUB, run ${i}/${runs}`);
        pandocRuns.push(await measurePandoc(book, work));
      }
      pandoc = { version: report.pandoc, runs: pandocRuns, medianMs: median(pandocRuns.map((r) => r.ms)) };
    }

    progress(`${pages} pages: site stage, search size and keystroke to results`);
    const site = await benchSite(book, runs);

    const watchMode =
      options.edits > 0 && (!options.scale || pages === 500)
        ? await benchWatch(book, {
            edits: options.edits,
            rebuilds: options.rebuilds,
            progress: (l) => progress(`${pages} pages: ${l}`),
          })
        : undefined;

    const buildMedian = medianOf(
      builds.map((b) => ({
        totalMs: b.totalMs,
        ...Object.fromEntries(Object.entries(b.stages).map(([k, v]) => [`${k}Ms`, v])),
        pdfPages: b.pdfPages,
        msPerPage: b.totalMs / b.pdfPages,
        heapUsedMB: b.memory.heapUsedMB,
        nodeRssMB: b.memory.nodeRssMB,
        nodeCpuMs: b.nodeCpuMs,
        mainThreadCpuMs: b.memory.mainThreadCpuMs,
        loadAverage: b.loadAverage,
      })),
    );
    Object.assign(buildMedian, browserFigures(sampledBuild.memory));
    // The process-lifetime peak after this size's first build, before its first bare print (sizes run smallest first).
    buildMedian.maxRssMB = builds[0]!.maxRssMB;
    const bareMedian = medianOf(
      bares.map((b) => ({
        prepareMs: b.prepareMs,
        printHtmlMs: b.printHtmlMs,
        launchMs: b.launchMs,
        printMs: b.printMs,
        ...(b.untilLoadMs === undefined ? {} : { untilLoadMs: b.untilLoadMs }),
        ...(b.afterLoadMs === undefined ? {} : { afterLoadMs: b.afterLoadMs }),
        pdfPages: b.pdfPages,
        pdfLibLoadMs: b.pdfLibLoadMs,
        pdfLibSaveMs: b.pdfLibSaveMs,
        loadAverage: b.loadAverage,
      })),
    );
    Object.assign(bareMedian, browserFigures(sampledBare.memory));
    const ratio = (a: number | undefined, b: number | undefined) =>
      a === undefined || b === undefined || !(b > 0) ? null : round(a / b, 2);
    return {
      pagesRequested: pages,
      book: {
        chapters: book.chapterFiles.length,
        markdownKB: round(book.markdownBytes / 1024),
        images: book.images,
        estimatedPages: book.estimatedPages,
        generateMs: round(generateMs),
        printHtmlKB: round(htmlBytes / 1024),
        root: book.root,
      },
      runs,
      build: { runs: builds, sampled: sampledBuild, median: buildMedian },
      bare: { runs: bares, sampled: sampledBare, median: bareMedian },
      pandoc,
      epubAlone,
      watch: watchMode,
      site,
      ratios: {
        pdfStageToBarePrint: ratio(buildMedian.pdfMs, bareMedian.printMs),
        pdfStageToLaunchPlusBarePrint: ratio(buildMedian.pdfMs, add(bareMedian.launchMs, bareMedian.printMs)),
        pairedPdfStageToLaunchPlusBarePrint: round(median(pairedRatios(builds, bares)), 2),
        browserCpuBuildToBare: ratio(buildMedian.browserCpuMs, bareMedian.browserCpuMs),
        buildToBarePrint: ratio(buildMedian.totalMs, bareMedian.printMs),
        epubStageToPandoc: 'medianMs' in pandoc ? ratio(buildMedian.epubMs, pandoc.medianMs) : null,
        epubAloneToPandoc: 'medianMs' in pandoc ? ratio(epubAlone.medianMs, pandoc.medianMs) : null,
        nodeMaxRssToGoal: ratio(buildMedian.maxRssMB, NODE_MEMORY_GOAL_MB),
        saveToPdfToWholePrint: watchMode ? ratio(watchMode.medianSaveToPdfMs, watchMode.wholePdfMs) : null,
      },
    };
  } finally {
    if (options.keep) progress(`${pages} pages: book kept in ${book.root}`);
    else await rm(book.root, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  }
}

/** The browser's figures of a sampled run, the only ones that have them. */
const browserFigures = (m: Samples): Record<string, number> =>
  Object.fromEntries(
    Object.entries({
      browserRssMB: m.browserRssMB,
      browserPssMB: m.browserPssMB,
      browserProcesses: m.browserProcesses,
      browserCpuMs: m.browserCpuMs,
    }).filter((e): e is [string, number] => e[1] !== undefined),
  );

const add = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a + b);

// ---------------------------------------------------------------- printing

const ms = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? '–' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`;
const mb = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : `${v.toFixed(0)} MB`);
const times = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${v.toFixed(2)}×`);

function table(rows: [string, string, string?][]): string {
  // Rows with neither value nor note are headings: they do not count for the column widths.
  const cells = rows.filter(([, b, c]) => b !== '' || c);
  const w0 = Math.max(...cells.map((r) => r[0].length));
  const w1 = Math.max(...cells.map((r) => r[1].length));
  return rows
    .map(([a, b, c]) => (b === '' && !c ? a : `  ${a.padEnd(w0)}  ${b.padStart(w1)}${c ? `   ${c}` : ''}`))
    .join('\n');
}

function formatHeader(report: Report): string {
  const m = report.machine;
  const loads = report.sizes.flatMap((r) => [
    ...r.build.runs.map((x) => x.loadAverage),
    ...r.bare.runs.map((x) => x.loadAverage),
  ]);
  const busiest = Math.max(...loads);
  return [
    `Quire benchmark, ${report.date}`,
    `machine: ${m.cpu}, ${m.nproc} CPUs, ${m.memoryGB} GB RAM, ${m.os}`,
    `Node ${report.node}, ${report.chromium}, pandoc ${report.pandoc ?? 'not installed'}`,
    ...(busiest > m.nproc / 2
      ? [
          `warning: the 1-minute load average reached ${busiest.toFixed(1)} on ${m.nproc} CPUs at the start of a run: ` +
            'other work competed for the machine, so wall times are noisy (CPU times much less so)',
        ]
      : []),
  ].join('\n');
}

function formatSize(r: SizeResult): string {
  const b = r.build.median;
  const p = r.bare.median;
  const each = (values: number[], f: (v: number) => string) => (values.length > 1 ? values.map(f).join(' / ') : '');
  const perRun = (pick: (run: BuildRun) => number, f: (v: number) => string = ms) => each(r.build.runs.map(pick), f);
  const perBare = (pick: (run: BareRun) => number | undefined, f: (v: number) => string = ms) =>
    each(
      r.bare.runs.map((x) => pick(x) ?? NaN),
      f,
    );
  const pages = b.pdfPages ?? NaN;
  const off = ((pages - r.pagesRequested) / r.pagesRequested) * 100;
  const stageRows: [string, string, string?][] = ['load', 'render', 'html', 'pdf', 'epub']
    .filter((s) => b[`${s}Ms`] !== undefined)
    .map((s) => [`  ${s}`, ms(b[`${s}Ms`]), perRun((x) => x.stages[s] ?? NaN)]);
  const pandoc = 'skipped' in r.pandoc ? r.pandoc.skipped : ms(r.pandoc.medianMs);
  const rows: [string, string, string?][] = [
    [
      `Book: ${r.pagesRequested} pages requested → ${pages} PDF pages (${off >= 0 ? '+' : ''}${off.toFixed(1)}%), ` +
        `${r.book.chapters} chapters, ${r.book.markdownKB.toFixed(0)} KB Markdown, ${r.book.images} images, ` +
        `print document ${(r.book.printHtmlKB / 1024).toFixed(1)} MB; median of ${r.runs} run${r.runs > 1 ? 's' : ''}`,
      '',
    ],
    ['Full build, all formats', 'median', r.runs > 1 ? 'runs' : undefined],
    ['total', ms(b.totalMs), perRun((x) => x.totalMs)],
    ...stageRows,
    [
      'time per page',
      `${(b.msPerPage ?? NaN).toFixed(1)} ms`,
      perRun(
        (x) => x.totalMs / x.pdfPages,
        (v) => v.toFixed(1),
      ),
    ],
    ['CPU time, Node (all threads)', ms(b.nodeCpuMs), perRun((x) => x.nodeCpuMs)],
    ['  of which the main (JavaScript) thread', ms(b.mainThreadCpuMs), perRun((x) => x.memory.mainThreadCpuMs)],
    ['CPU time, Chromium processes', ms(b.browserCpuMs), 'in the sampled run'],
    [
      'load average at start',
      b.loadAverage!.toFixed(1),
      perRun(
        (x) => x.loadAverage,
        (v) => v.toFixed(1),
      ),
    ],
    ['Bare Chromium print of the same print document (fresh browser)', ''],
    ['load + render (outside the print)', ms(p.prepareMs), perBare((x) => x.prepareMs)],
    ['printHtml()', ms(p.printHtmlMs), perBare((x) => x.printHtmlMs)],
    ['browser launch', ms(p.launchMs), perBare((x) => x.launchMs)],
    ['print: goto + fonts + page.pdf()', ms(p.printMs), perBare((x) => x.printMs)],
    ['  until load event', ms(p.untilLoadMs), perBare((x) => x.untilLoadMs)],
    ['  fonts ready + page.pdf()', ms(p.afterLoadMs), perBare((x) => x.afterLoadMs)],
    ['CPU time, Chromium processes', ms(p.browserCpuMs), 'in the sampled run'],
    [
      'load average at start',
      p.loadAverage!.toFixed(1),
      perBare(
        (x) => x.loadAverage,
        (v) => v.toFixed(1),
      ),
    ],
    ['PDF pages (bare print)', String(p.pdfPages)],
    ['pdf-lib load of that PDF', ms(p.pdfLibLoadMs), perBare((x) => x.pdfLibLoadMs)],
    ['pdf-lib save of it', ms(p.pdfLibSaveMs), perBare((x) => x.pdfLibSaveMs)],
    [
      'pandoc → EPUB',
      pandoc,
      'skipped' in r.pandoc
        ? undefined
        : each(
            r.pandoc.runs.map((x) => x.ms),
            ms,
          ),
    ],
    ['EPUB stage of an EPUB-only build', ms(r.epubAlone.medianMs), each(r.epubAlone.runs, ms)],
    ['Memory (peaks)', ''],
    ['Node maxRSS (getrusage)', mb(b.maxRssMB), `goal ${NODE_MEMORY_GOAL_MB} MB`],
    ['Node RSS, sampled every 50 ms', mb(b.nodeRssMB), perRun((x) => x.memory.nodeRssMB, mb)],
    ['Node heapUsed, sampled every 50 ms', mb(b.heapUsedMB), perRun((x) => x.memory.heapUsedMB, mb)],
    [
      'Chromium RSS sum, every 100 ms (sampled run)',
      mb(b.browserRssMB),
      `PSS ${mb(b.browserPssMB)}, ${b.browserProcesses} processes; bare print: RSS ${mb(p.browserRssMB)}, PSS ${mb(p.browserPssMB)}`,
    ],
    ['Ratios', ''],
    ['PDF stage / bare print', times(r.ratios.pdfStageToBarePrint)],
    ['PDF stage / (launch + bare print)', times(r.ratios.pdfStageToLaunchPlusBarePrint)],
    [
      '  each build / the bare print after it (median)',
      times(r.ratios.pairedPdfStageToLaunchPlusBarePrint),
      pairedRatios(r.build.runs, r.bare.runs)
        .map((x) => times(round(x, 2)))
        .join(' / '),
    ],
    ['Chromium CPU: full build (PDF + EPUB cover) / bare print', times(r.ratios.browserCpuBuildToBare)],
    ['whole build / bare print', times(r.ratios.buildToBarePrint)],
    ['EPUB stage / pandoc', 'skipped' in r.pandoc ? 'pandoc not installed' : times(r.ratios.epubStageToPandoc)],
    [
      'EPUB stage (EPUB-only build) / pandoc',
      'skipped' in r.pandoc ? 'pandoc not installed' : times(r.ratios.epubAloneToPandoc),
    ],
    [`Node maxRSS / ${NODE_MEMORY_GOAL_MB} MB goal`, times(r.ratios.nodeMaxRssToGoal)],
    ...watchRows(r),
  ];
  return table(rows);
}

function watchRows(r: SizeResult): [string, string, string?][] {
  const w = r.watch;
  if (!w) return [];
  const m = w.memory;
  return [
    [`Watch mode (${w.edits} one-paragraph edits, preview open; goals: reload 100 ms, PDF 3 s)`, 'median', 'edits'],
    ['save → refreshed preview', ms(w.medianSaveToReloadMs), w.saveToReloadMs.map(ms).join(' / ')],
    ['save → updated PDF (chapter reprinted)', ms(w.medianSaveToPdfMs), w.saveToPdfMs.map(ms).join(' / ')],
    ['whole print of the same book (first build)', ms(w.wholePdfMs)],
    ['save → PDF / whole print', times(r.ratios.saveToPdfToWholePrint)],
    [
      `Node memory after ${m.rebuilds} site rebuilds − after the first (goal ≤ 50 MB)`,
      `RSS ${m.rssGrowthMB >= 0 ? '+' : ''}${m.rssGrowthMB} MB`,
      `heap ${m.heapGrowthMB >= 0 ? '+' : ''}${m.heapGrowthMB} MB; first: RSS ${mb(m.afterFirst.rssMB)}, heap ${mb(m.afterFirst.heapUsedMB)}`,
    ],
  ];
}

function formatScale(report: Report): string {
  const s = report.scale!;
  const rows: [string, string, string?][] = [
    ['Scaling (full build, time per PDF page)', ''],
    ...report.sizes.map((r): [string, string, string] => [
      `${r.pagesRequested} pages requested`,
      `${(r.build.median.msPerPage ?? NaN).toFixed(1)} ms/page`,
      `${r.build.median.pdfPages} pages in ${ms(r.build.median.totalMs)}, ${r.runs} run${r.runs > 1 ? 's' : ''}`,
    ]),
    ['2000-page / 500-page time per page', times(s.ratio2000to500)],
    ['PDF stage / (launch + bare print), by size', 'ratio', 'goal; PDF stage, launch + bare print; peaks'],
    ...report.sizes.map((r): [string, string, string] => {
      const b = r.build.median;
      const p = r.bare.median;
      const goal = pdfGoal(r.pagesRequested);
      const ratio = r.ratios.pdfStageToLaunchPlusBarePrint;
      const verdict = goal === undefined || ratio == null ? '' : ratio <= goal ? ' (met)' : ' (not met)';
      return [
        `${r.pagesRequested} pages`,
        times(ratio),
        `${goal === undefined ? 'no goal' : `≤ ${goal.toFixed(1)}×${verdict}`}; ` +
          `${ms(b.pdfMs)}, ${ms(add(p.launchMs, p.printMs))}; pairs ${times(r.ratios.pairedPdfStageToLaunchPlusBarePrint)}; ` +
          `Node maxRSS ${mb(b.maxRssMB)}, Chromium RSS ${mb(b.browserRssMB)} (PSS ${mb(b.browserPssMB)})`,
      ];
    }),
  ];
  return table(rows);
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (!options) {
    console.log(HELP);
    return 0;
  }
  // Builds run here in-process, with the heap setting the `quire` command makes for its own process.
  collectSoonerWhenLarge();
  const sizes = options.scale ? SCALE_SIZES : [options.pages];
  const report: Report = {
    date: new Date().toISOString(),
    machine: machine(),
    node: process.version,
    chromium: 'unknown',
    pandoc: (await pandocVersion()) ?? null,
    options: { pages: sizes, runs: options.runs, seed: options.seed ?? null },
    sizes: [],
  };
  const started = performance.now();
  for (const pages of sizes) {
    const runs = options.scale && LONG_SIZES.has(pages) && !options.runsGiven ? 1 : options.runs;
    report.sizes.push(await benchSize(pages, runs, options, report));
  }
  if (options.scale) {
    const perPage = (n: number) => report.sizes.find((r) => r.pagesRequested === n)?.build.median.msPerPage;
    const big = perPage(2000);
    const mid = perPage(500);
    report.scale = {
      msPerPage: Object.fromEntries(report.sizes.map((r) => [String(r.pagesRequested), r.build.median.msPerPage!])),
      ratio2000to500: big !== undefined && mid ? round(big / mid, 2) : null,
    };
  }
  progress(`done in ${ms(since(started))}`);

  const sections = [
    formatHeader(report),
    ...report.sizes.map(formatSize),
    report.sizes.map((r) => siteLine(r.pagesRequested, r.site)).join('\n'),
  ];
  if (report.scale) sections.push(formatScale(report));
  console.log(sections.join('\n\n'));
  if (options.json === true) console.log('\n' + JSON.stringify(report, null, 2));
  else if (options.json) {
    await writeFile(options.json, JSON.stringify(report, null, 2) + '\n');
    progress(`JSON written to ${options.json}`);
  }
  return 0;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error('bench: failed:', error);
  return 1;
});
