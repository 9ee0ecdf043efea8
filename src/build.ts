/** The pipeline: load → render → enrich → assemble and write each output, timing each stage. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadTemplates, type TemplateCache, type Templates } from './assemble/templates.ts';
import type { OutputFormat } from './load/config-schema.ts';
import { createLoadCache, type LoadCache } from './load/read-cache.ts';
import { loadBook } from './load/load-book.ts';
import { missingGlyphWarnings } from './assemble/glyph-check.ts';
import type { BuildOptions, RenderedBook } from './model.ts';
import { findBrowser, LazyBrowser } from './browser/browser.ts';
import { htmlOutput } from './outputs/site/html.ts';
import type { AnyOutput, PrintedPages, Written } from './outputs/output.ts';
import { enrichBook } from './enrich/enrich.ts';
import { withPageMarks } from './assemble/page-marks.ts';
import { createRenderCache, renderBook, type RenderCache } from './render/render-book.ts';
import { configLine } from './load/config-lines.ts';
import { QuireError, QuireErrors, asStrictError, isUserError, problems } from './util/errors.ts';
import { prepareOutDir, writeFailure } from './util/out-dir.ts';
import { UserCache } from './util/user-cache.ts';
import { makeWorkDir, removeWorkDir, sweepWorkDirs } from './util/work-dir.ts';

/**
 * Each output, loaded when a build first asks for it: the PDF and EPUB outputs bring pdf-lib,
 * puppeteer and the EPUB packager, which an HTML-only build or `quire check` never needs.
 */
const OUTPUTS: Record<OutputName, () => Promise<AnyOutput>> = {
  html: async () => htmlOutput,
  pdf: async () => (await import('./outputs/pdf/pdf.ts')).pdfOutput,
  epub: async () => (await import('./outputs/epub/epub.ts')).epubOutput,
  handouts: async () => (await import('./outputs/pdf/handouts.ts')).handoutsOutput,
};

type OutputName = OutputFormat | 'handouts';

export interface BuildResult {
  rendered: RenderedBook;
  /** Every file written, by output. */
  files: Partial<Record<OutputName, string[]>>;
  /** What each output reports of its writing (the site's changed files, how the PDF was made). */
  written: Partial<Record<OutputName, Written>>;
  /** Milliseconds per stage. */
  timings: Record<string, number>;
}

/**
 * What watch mode keeps between builds: chapters as read and as rendered, the compiled templates,
 * each output's own state (made by the output, read by it alone), and a warm browser. A build
 * given a session leaves the browser running; the session's owner closes it.
 */
export interface BuildSession {
  files: LoadCache;
  render: RenderCache;
  templates: TemplateCache;
  outputs: Map<OutputName, unknown>;
  browser: LazyBrowser | undefined;
}

export const createSession = (): BuildSession => ({
  files: createLoadCache(),
  render: createRenderCache(),
  templates: {},
  outputs: new Map(),
  browser: undefined,
});

/**
 * Watch mode, once the author has paused: asks each output of the session whether it wants to
 * build again now (see Output.settle). True when one does.
 */
export async function settleSession(session: BuildSession): Promise<boolean> {
  let again = false;
  for (const [name, state] of session.outputs) {
    if ((await OUTPUTS[name]()).settle?.(state)) again = true;
  }
  return again;
}

/** The output's state in the session, made on its first build there. */
function outputState(session: BuildSession | undefined, output: AnyOutput): unknown {
  if (!session || !output.createState) return undefined;
  if (!session.outputs.has(output.name)) session.outputs.set(output.name, output.createState());
  return session.outputs.get(output.name);
}

/** The whole pipeline in one function, stage after stage, so that it reads top to bottom as the book goes. */
export async function build(options: BuildOptions & { session?: BuildSession } = {}): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    const result = await work();
    timings[stage] = performance.now() - start;
    options.onStage?.(stage, timings[stage]);
    return result;
  };
  const { session } = options;
  const progress = (stage: string) => (done: number, total: number, unit: string) =>
    options.onProgress?.({ stage, done, total, unit });

  const root = resolve(options.root ?? '.');
  const book = await timed('load', () => loadBook({ root, drafts: options.drafts, cache: session?.files }));
  const warnings: QuireError[] = [];
  const warn = (w: QuireError) => {
    warnings.push(w);
    options.onWarning?.(w);
  };
  book.warnings.forEach(warn);
  missingGlyphWarnings(book).forEach(warn);
  // --strict: the warnings of loading and rendering stop the build before anything is written.
  const strictStop = () => {
    if (options.strict && warnings.length > 0) throw new QuireErrors(warnings.map(asStrictError));
  };
  // Started only when something needs it: diagrams to draw, a PDF, a drawn cover.
  const { pdf } = book.config;
  const browser =
    session?.browser ?? new LazyBrowser(() => findBrowser(pdf.browser, book.configFile), pdf.printTimeout * 1000);
  if (session) session.browser = browser;
  const formats = options.formats ?? book.config.output.formats;
  const names: (OutputFormat | 'handouts')[] = [...formats];
  if (options.handouts ?? book.config.pdf.handouts) names.push('handouts');
  // A PDF needs the browser: it starts while the chapters render, which takes about as long.
  if (names.includes('pdf') || names.includes('handouts')) browser.warm();
  const cache = new UserCache({ enabled: options.cache });
  if (cache.problem) warn(new QuireError(`Quire's cache is off: ${cache.problem}`, { hint: CACHE_HINT }));
  // Made only when something needs it (remote images with the cache off); removed when the build ends.
  let work: Promise<string> | undefined;
  const workDir = () => (work ??= makeWorkDir('build'));
  const swept = sweepWorkDirs();
  const files: BuildResult['files'] = {};
  const written: BuildResult['written'] = {};
  let results: PromiseSettledResult<void>[];
  let rendered: RenderedBook;
  try {
    let templates: Templates;
    const outDir = resolve(root, options.outDir ?? book.config.output.dir);
    const prepare = () =>
      prepareOutDir(
        outDir,
        options.outDir === undefined
          ? { file: book.configFile, line: configLine(book.configFile, ['output', 'dir']) }
          : undefined,
      );
    // An output folder that exists is checked while the chapters render (its error surfaces after
    // theirs); a new one is made only once they have rendered, so a failed build leaves none.
    const prepared = existsSync(outDir) ? prepare() : undefined;
    prepared?.catch(() => undefined);
    [rendered, templates] = await timed('render', async () => {
      // Templates first: their files are read while the chapters render.
      const [templates, rendered] = await Promise.all([
        loadTemplates(root, session?.templates),
        renderBook(book, session?.render, progress('render')),
      ]);
      rendered.warnings.forEach(warn);
      strictStop();
      // Enriched within the render stage's time: for the author, drawing diagrams is part of rendering.
      const enriched = await enrichBook(rendered, { browser, cache, workDir, progress: progress('render') });
      return [enriched, templates] as const;
    });
    const [outputs] = await Promise.all([Promise.all(names.map((name) => OUTPUTS[name]())), prepared ?? prepare()]);

    // Outputs run side by side: the EPUB and the site are packaged while Chromium prints. Each
    // finishes (whole, or not at all) even when another fails, so none is cut off mid-write.
    // Built together, the EPUB takes the print edition's page numbers from the PDF once it is written:
    // both write the chapters marked once here, where the PDF finds each page's first block.
    const pages = names.includes('pdf') && names.includes('epub') ? printedPagesLink() : undefined;
    const marked = pages ? withPageMarks(rendered) : rendered;
    const run = async (output: (typeof outputs)[number]) => {
      const context = {
        ...{ templates, outDir, browser, cache, warn, progress: progress(output.name) },
        rendered: output.name === 'pdf' || output.name === 'epub' ? marked : rendered,
        formats: names,
        state: outputState(session, output),
        printedPages: output.name === 'epub' ? pages?.promise : undefined,
      };
      // The pages go to the EPUB once the PDF's time is taken: the EPUB's next steps run at once on
      // this thread, and are not the PDF's.
      try {
        const result = await timed(output.name, () => output.write(context));
        [written[output.name], files[output.name]] = [result, result.files];
        if (output.name === 'pdf') pages?.resolve(result.pages);
      } finally {
        if (output.name === 'pdf') pages?.resolve(undefined);
      }
    };
    // The site and the EPUB are made on Node's one thread: side by side they gain no time, and their
    // peaks of memory coincide (a 10 MB chapter went over 500 MB in some builds). They take turns,
    // the site first (the EPUB may wait for the PDF's pages); the PDF prints beside them.
    let turn: Promise<unknown> = Promise.resolve();
    const running = new Map<(typeof outputs)[number], Promise<void>>();
    for (const output of [...outputs].sort((a, b) => inTurnOrder(a.name) - inTurnOrder(b.name))) {
      if (inTurnOrder(output.name) === Infinity) {
        running.set(output, run(output));
        continue;
      }
      const mine = turn.then(() => run(output));
      turn = mine.catch(() => undefined);
      running.set(output, mine);
    }
    results = await Promise.allSettled(outputs.map((output) => running.get(output)!));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [writeFailure(r.reason, outDir)] : []));
    if (failures.length > 0 && failures.every(isUserError)) {
      throw problems(failures.flatMap((f) => (f instanceof QuireErrors ? f.errors : [f as QuireError])));
    }
    if (failures.length > 0) throw failures.find((f) => !isUserError(f));
    strictStop();
  } finally {
    if (!session) await browser.close();
    if (work) await removeWorkDir(await work);
    await Promise.all([cache.prune(), swept]);
  }
  return { rendered, files, written, timings };
}

/** A promise of the PDF's pages, and how the PDF output settles it (the first call wins). */
function printedPagesLink(): { promise: Promise<PrintedPages | undefined>; resolve: (p?: PrintedPages) => void } {
  let resolve!: (p?: PrintedPages) => void;
  const promise = new Promise<PrintedPages | undefined>((r) => (resolve = r));
  return { promise, resolve };
}

/** Outputs made on Node's own thread take turns in this order (see build); the others do not wait. */
const inTurnOrder = (name: string) => ({ html: 0, epub: 1 })[name] ?? Infinity;

const CACHE_HINT =
  'the build goes on without it (diagrams and covers are drawn again each time); make the folder yours ' +
  '(or remove it), or set XDG_CACHE_HOME to a folder you own';
