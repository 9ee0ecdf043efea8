/** The pipeline: load → render → assemble and write each output, timing each stage. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadTemplates, type TemplateCache, type Templates } from './assemble/templates.ts';
import type { OutputFormat } from './load/config-schema.ts';
import { createLoadCache, type LoadCache } from './load/read-cache.ts';
import { loadBook } from './load/load-book.ts';
import { missingGlyphWarnings } from './assemble/glyph-check.ts';
import type { BuildOptions, RenderedBook } from './model.ts';
import { findBrowser, LazyBrowser } from './outputs/browser.ts';
import { createSiteState, htmlOutput, type SiteState } from './outputs/html.ts';
import type { Output } from './outputs/output.ts';
import type { PdfSession } from './outputs/pdf-reprint.ts';
import { renderDiagrams } from './render/diagrams.ts';
import { fetchRemoteImages } from './render/remote-images.ts';
import { createRenderCache, renderBook, type RenderCache } from './render/render-book.ts';
import { configLine } from './load/config-lines.ts';
import { QuireErrors, asStrictError, isUserError, problems, type QuireError } from './util/errors.ts';
import { prepareOutDir, writeFailure } from './util/out-dir.ts';

/**
 * Each output, loaded when a build first asks for it: the PDF and EPUB outputs bring pdf-lib,
 * puppeteer and the EPUB packager, which an HTML-only build or `quire check` never needs.
 */
const OUTPUTS: Record<OutputFormat | 'handouts', () => Promise<Output>> = {
  html: async () => htmlOutput,
  pdf: async () => (await import('./outputs/pdf.ts')).pdfOutput,
  epub: async () => (await import('./outputs/epub.ts')).epubOutput,
  handouts: async () => (await import('./outputs/handouts.ts')).handoutsOutput,
};

export interface BuildResult {
  rendered: RenderedBook;
  /** Every file written, by output. */
  files: Partial<Record<Output['name'], string[]>>;
  /** Milliseconds per stage. */
  timings: Record<string, number>;
}

/**
 * What watch mode keeps between builds: chapters as read and as rendered, the compiled templates,
 * the site's page memo and file hashes, and a warm browser. A build given a session leaves the
 * browser running; the session's owner closes it.
 */
export interface BuildSession {
  files: LoadCache;
  render: RenderCache;
  templates: TemplateCache;
  site: SiteState;
  pdf: PdfSession;
  browser: LazyBrowser | undefined;
}

export const createSession = (): BuildSession => ({
  files: createLoadCache(),
  render: createRenderCache(),
  templates: {},
  site: createSiteState(),
  pdf: { spliced: false, wholeNext: false, lastPrint: undefined },
  browser: undefined,
});

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
  const files: BuildResult['files'] = {};
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
        renderBook(book, session?.render),
      ]);
      rendered.warnings.forEach(warn);
      strictStop();
      await Promise.all([fetchRemoteImages(rendered), renderDiagrams(rendered, browser)]);
      return [rendered, templates] as const;
    });
    const formats = options.formats ?? book.config.output.formats;
    const names: (OutputFormat | 'handouts')[] = [...formats];
    if (options.handouts ?? book.config.pdf.handouts) names.push('handouts');
    const [outputs] = await Promise.all([Promise.all(names.map((name) => OUTPUTS[name]())), prepared ?? prepare()]);

    // Outputs run side by side: the EPUB and the site are packaged while Chromium prints. Each
    // finishes (whole, or not at all) even when another fails, so none is cut off mid-write.
    results = await Promise.allSettled(
      outputs.map((output) =>
        timed(output.name, async () => {
          const context = {
            rendered,
            templates,
            outDir,
            browser,
            warn,
            formats: names,
            site: session?.site,
            pdf: session?.pdf,
          };
          files[output.name] = await output.write(context);
        }),
      ),
    );
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [writeFailure(r.reason, outDir)] : []));
    if (failures.length > 0 && failures.every(isUserError)) {
      throw problems(failures.flatMap((f) => (f instanceof QuireErrors ? f.errors : [f as QuireError])));
    }
    if (failures.length > 0) throw failures.find((f) => !isUserError(f));
    strictStop();
  } finally {
    if (!session) await browser.close();
  }
  return { rendered, files, timings };
}
