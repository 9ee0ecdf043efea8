/**
 * `quire check`: every check a build makes (book.yaml, front matter, order, links and anchors,
 * images, templates) without a browser and without writing anything, all problems listed at once.
 * When Java and epubcheck are installed, the last EPUB built is checked too.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { printDocument } from './assemble/documents.ts';
import { sitePages } from './assemble/site-pages.ts';
import { loadTemplates, type Templates } from './assemble/templates.ts';
import { missingGlyphWarnings } from './assemble/glyph-check.ts';
import { configLine } from './load/config-lines.ts';
import { loadBook } from './load/load-book.ts';
import type { Book, Progress, RenderedBook } from './model.ts';
import { findBrowser } from './browser/browser.ts';
import { fontUrl, printUrls } from './outputs/print-urls.ts';
import { rawHtmlWarnings } from './outputs/epub/chapter-body.ts';
import { renderBook } from './render/render-book.ts';
import { QuireError, QuireErrors, asStrictError, isUserError } from './util/errors.ts';
import { makeWorkDir, removeWorkDir } from './util/work-dir.ts';

export interface CheckOptions {
  root?: string;
  drafts?: boolean;
  /** Every warning is an error, as `build --strict` makes it. */
  strict?: boolean;
  /** Where the last build's outputs are (default: book.yaml's `output.dir`), for epubcheck. */
  outDir?: string;
  /** Run epubcheck on the last EPUB when Java and epubcheck are installed (default: true). */
  epubcheck?: boolean;
  /** Where epubcheck's jar is (default: EPUBCHECK_JAR, else Debian's path). */
  epubcheckJar?: string;
  /** Called as the check advances (chapters rendered, epubcheck run), as build()'s is. */
  onProgress?: (progress: Progress) => void;
}

export interface CheckResult {
  errors: QuireError[];
  warnings: QuireError[];
  /** The EPUB epubcheck looked at, when it ran. */
  epubChecked: string | undefined;
}

export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const root = resolve(options.root ?? '.');
  const errors: QuireError[] = [];
  const warnings: QuireError[] = [];
  const collect = (error: unknown) => {
    if (!isUserError(error)) throw error;
    errors.push(...(error instanceof QuireErrors ? error.errors : [error]));
    if (error instanceof QuireErrors) warnings.push(...error.warnings);
  };

  const [book, templates] = await Promise.all([
    loadForCheck(root, options.drafts ?? false, collect, warnings),
    loadTemplates(root).catch((e: unknown) => void collect(e)),
  ]);
  const result = (epubChecked: string | undefined): CheckResult =>
    options.strict
      ? { errors: [...errors, ...warnings.map(asStrictError)], warnings: [], epubChecked }
      : { errors, warnings, epubChecked };
  if (!book) return result(undefined);
  const config = book.config;
  try {
    warnings.push(...missingGlyphWarnings(book));
  } catch (error) {
    collect(error);
  }

  try {
    const rendered = await renderBook(book, undefined, (done, total, unit) =>
      options.onProgress?.({ stage: 'render', done, total, unit }),
    );
    warnings.push(...rendered.warnings);
    // The documents are assembled in memory: a template that fails only with real data shows here.
    if (templates) assembleAll(rendered, templates);
    // What the EPUB would change in raw HTML: a build warns of it, so check lists it too.
    if (templates && config.output.formats.includes('epub')) warnings.push(...rawHtmlWarnings(rendered, templates));
  } catch (error) {
    collect(error);
  }
  if (config.cover && !existsSync(resolve(root, config.cover))) {
    errors.push(
      new QuireError(`the cover image \`${config.cover}\` does not exist`, {
        file: book.configFile,
        line: configLine(book.configFile, ['cover']),
        hint: 'give a path relative to the book root, or remove `cover` to have one drawn',
      }),
    );
  }
  if (config.output.formats.includes('pdf')) {
    await findBrowser(config.pdf.browser, book.configFile).catch((error: unknown) => {
      if (!isUserError(error)) throw error;
      warnings.push(...(error instanceof QuireErrors ? error.errors : [error]));
    });
  }

  const epub = join(resolve(root, options.outDir ?? config.output.dir), `${config.output.name}.epub`);
  let epubChecked: string | undefined;
  const jar = options.epubcheckJar ?? process.env.EPUBCHECK_JAR ?? '/usr/share/java/epubcheck.jar';
  if (options.epubcheck !== false && existsSync(epub) && existsSync(jar)) {
    const step = (done: number) => options.onProgress?.({ stage: 'epubcheck', done, total: 1, unit: 'runs' });
    step(0);
    const report = await runEpubcheck(epub, jar);
    step(1);
    if (report) {
      epubChecked = epub;
      errors.push(...report.errors);
      warnings.push(...report.warnings);
    }
  }
  return result(epubChecked);
}

/**
 * The book as a build loads it, or undefined when it cannot be loaded. The loader reads the
 * settings and the chapters apart and reports every problem in both at once (layouts/quire.ts).
 */
async function loadForCheck(
  root: string,
  drafts: boolean,
  collect: (error: unknown) => void,
  warnings: QuireError[],
): Promise<Book | undefined> {
  const book = await loadBook({ root, drafts }).catch(collect);
  if (book) warnings.push(...book.warnings);
  return book ?? undefined;
}

function assembleAll(rendered: RenderedBook, templates: Templates): void {
  const site = { chapter: (id: string) => `${id}.html`, asset: (path: string) => path };
  sitePages(rendered, templates, site);
  printDocument(rendered, templates, { urls: printUrls(rendered), fontUrl, part: 'all', frontPages: 0 });
}

interface EpubcheckMessage {
  severity: string;
  ID: string;
  message: string;
  locations?: { path: string; line: number }[];
}

/** epubcheck's findings as errors and warnings, or undefined when Java cannot run it. */
async function runEpubcheck(
  epub: string,
  jar: string,
): Promise<{ errors: QuireError[]; warnings: QuireError[] } | undefined> {
  const work = await makeWorkDir('epubcheck');
  const json = join(work, 'report.json');
  try {
    // The C1 compiler alone and the serial collector halve the JVM's time on a run this short; without
    // UsePerfData the JVM writes nothing in the shared temporary folder (its hsperfdata files).
    await promisify(execFile)(
      'java',
      ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-XX:-UsePerfData', '-jar', jar, epub, '--json', json],
      {
        timeout: 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch(() => undefined); // epubcheck exits 1 when it finds errors; the report is written all the same
    if (!existsSync(json)) return undefined;
    const report = JSON.parse(await readFile(json, 'utf8')) as { messages: EpubcheckMessage[] };
    const result = { errors: [] as QuireError[], warnings: [] as QuireError[] };
    for (const m of report.messages) {
      const at = m.locations?.[0];
      const where = at ? ` at ${at.path}${at.line > 0 ? `:${at.line}` : ''}` : '';
      const problem = new QuireError(`epubcheck ${m.ID}${where}: ${m.message}`, {
        file: epub,
        hint: 'rebuild the EPUB (`quire build --format epub`); if epubcheck still complains, report it',
      });
      if (m.severity === 'ERROR' || m.severity === 'FATAL') result.errors.push(problem);
      else if (m.severity === 'WARNING') result.warnings.push(problem);
    }
    return result;
  } finally {
    await removeWorkDir(work);
  }
}
