/**
 * The EPUB 3. epub-gen-memory lays out the container (mimetype, container.xml, the stylesheet,
 * and placeholders for the other files); Quire then writes the package, navigation and NCX
 * documents and the chapter documents as XHTML itself, adds images and the cover under stable
 * names, and repacks the zip with fixed dates so that the same sources give the same bytes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, extname, join, resolve } from 'node:path';
import type { Content, Options } from 'epub-gen-memory';
import type JSZip from 'jszip';
import { coverImageDocument, epubChapters, type EpubChapter } from '../../assemble/documents.ts';
import { facesForPieces, textsOf, type FontFace } from '../../assemble/fonts.ts';
import { bookFamilies, epubFontCss } from '../../assemble/book-fonts.ts';
import { documentPieces } from '../../assemble/pieces.ts';
import { pageView } from '../../assemble/view.ts';
import type { RenderedBook } from '../../model.ts';
import { labelsFor } from '../../render/labels.ts';
import { writeFileAtomic } from '../../util/atomic.ts';
import { sourceDateEpoch } from '../../util/dates.ts';
import { QuireError, isUserError } from '../../util/errors.ts';
import { IMAGE_EXTENSIONS, imageTypeOf, mediaTypeOf } from '../../util/media-types.ts';
import { cleanSvgFile } from './svg-file.ts';
import { chapterXhtml, contentOpf, coverXhtml, navXhtml, tocNcx, type ManifestItem } from './package.ts';
import { chapterBody } from './chapter-body.ts';
import { altText, UNUSABLE, svgWarnings } from './unusable.ts';
import { readMedia, type MediaSet } from './media.ts';
import { pngConverter } from './image-to-png.ts';
import { addFacts, contentFacts, NO_FACTS } from './accessibility.ts';
import { changeLog } from './xhtml-report.ts';
import { chapterAnchors, defineOutput, type OutputContext, type UrlResolver } from '../output.ts';
import { pageBreaksOf, pageList, printEdition } from './page-list.ts';
import { fontUrl } from '../print-urls.ts';
import { blockedWarnings, printGuard } from '../../browser/print-guard.ts';
import { settledScreenshot, withPage } from '../../browser/guarded-page.ts';
import { printWithRetry } from '../../browser/print-watchdog.ts';
import { settingsPlace } from '../../util/settings-place.ts';
import { makeWorkDir, removeWorkDir } from '../../util/work-dir.ts';

// epub-gen-memory is CommonJS. Its EPub class lays the files out in a JSZip that we finish and
// zip once ourselves (its own generation would be thrown away and unzipped again).
const require = createRequire(import.meta.url);
const { EPub } = require('epub-gen-memory') as {
  EPub: new (options: Options, content: Content) => { render(): Promise<unknown>; zip: JSZip };
};

export const epubOutput = defineOutput({
  name: 'epub',
  async write(context) {
    const { rendered, templates, outDir } = context;
    const config = rendered.book.config;
    const modified = sourceDateEpoch() ?? new Date();

    const { packaged: media, unusable } = await readMedia(rendered, pngConverter(context.browser, context.cache));
    const anchorOf = chapterAnchors(rendered);
    // Each chapter's ids once written: raw HTML can swallow a heading (an unclosed <textarea>), which
    // the navigation, made after the chapters, then leaves out.
    const written = new Map<string, Set<string>>();
    const urls: UrlResolver = {
      chapter: (id, anchor) => `${id}.xhtml#${anchorOf(id, anchor)}`,
      asset: (path, anchor) =>
        unusable.has(path) ? `${UNUSABLE}${path}` : (media.get(path)?.href ?? path) + (anchor ? `#${anchor}` : ''),
    };
    const documents = rendered.chapters.length;
    // Built with the PDF, the EPUB waits for its pages (page-list.ts); the cover is drawn meanwhile.
    const drawn = coverImage(context);
    drawn.catch(() => undefined);
    const printed = await context.printedPages;
    const pageBreaks = pageBreaksOf(printed);
    // Built with the PDF, the chapters carry the page marks it printed (build.ts): those that start a
    // page become page breaks, the others go (chapter-body.ts).
    context.progress?.(0, documents, 'documents');
    const chapters = xhtmlChapters(context, epubChapters(rendered, templates, urls), { unusable, pageBreaks, written });
    svgWarnings(rendered, media).forEach(context.warn);
    const { toc } = pageView(withWrittenHeadings(rendered, written), urls);
    const cover = await drawn;
    const pages = pageList(
      printed,
      chapters.map((c, i) => ({ filename: c.filename, ids: written.get(rendered.chapters[i]!.chapter.id) })),
    );
    const items: ManifestItem[] = [
      ...[...media.values()].map((m) => ({ id: m.id, href: m.href, mediaType: m.mediaType })),
      ...(cover
        ? [{ id: 'cover-image', href: cover.href, mediaType: cover.mediaType, properties: 'cover-image' }]
        : []),
    ];
    const { faces, fontHref, fontCss } = embeddedFonts(rendered, chapters);
    items.push(...faces.map((f, i) => ({ id: `font-${i + 1}`, href: fontHref(f), mediaType: mediaTypeOf(f.file) })));
    const accessibility = {
      facts: chapters.map((c) => c.facts).reduce(addFacts, NO_FACTS),
      hasCover: cover !== undefined,
      pageList: pages.length > 0,
    };
    const parts = {
      ...{ chapters, media: items, coverImage: cover ? 'cover-image' : undefined, modified, accessibility },
      printSource: pages.length > 0 ? printEdition(rendered) : undefined,
    };

    const zip = await emptyPackage(rendered, templates, chapters, fontCss);
    // Written over the placeholders, so each keeps its place in the zip.
    zip.file('OEBPS/content.opf', contentOpf(rendered, parts));
    zip.file('OEBPS/toc.ncx', tocNcx(rendered, toc));
    zip.file('OEBPS/toc.xhtml', navXhtml(rendered, toc, { hasCover: cover !== undefined, pageList: pages }));
    for (const chapter of chapters) {
      zip.file(`OEBPS/${chapter.filename}`, chapterXhtml(rendered, chapter.title, chapter.xhtml));
    }
    // Read in parallel, add in a fixed order: the zip's entry order is part of its bytes.
    for (const m of media.values()) zip.file(`OEBPS/${m.href}`, m.data);
    const fonts = await Promise.all(faces.map((f) => readFile(f.file)));
    faces.forEach((f, i) => zip.file(`OEBPS/${fontHref(f)}`, fonts[i]!));
    if (cover) {
      zip.file(`OEBPS/${cover.href}`, cover.data);
      zip.file('OEBPS/cover.xhtml', coverXhtml(rendered, cover.href));
    }
    const target = join(outDir, `${config.output.name}.epub`);
    await writeFileAtomic(target, await zipBytes(zip, modified));
    return { files: [target] };
  },
});

/** Each chapter's document as EPUB XHTML, with what was changed to make it so reported. */
function xhtmlChapters(
  context: OutputContext,
  documents: EpubChapter[],
  more: {
    unusable: MediaSet['unusable'];
    pageBreaks: Map<string, string> | undefined;
    /** Filled in with each chapter's ids as written. */
    written: Map<string, Set<string>>;
  },
) {
  const { rendered } = context;
  return documents.map((c, i) => {
    try {
      const { chapter, headings, anchor } = rendered.chapters[i]!;
      const log = changeLog(chapter);
      const ids = new Set<string>();
      const body = chapterBody(c.html, {
        report: log.report,
        replace: altText(more.unusable, log.report),
        headings: new Set([anchor, ...headings.map((h) => h.id)]),
        ids,
        pageBreaks: more.pageBreaks,
      });
      more.written.set(chapter.id, ids);
      log.warnings().forEach(context.warn);
      context.progress?.(i + 1, documents.length, 'documents');
      return { ...c, ...body, facts: contentFacts(c.html) };
    } catch (cause) {
      // Raw HTML nested thousands of levels deep is more than the XHTML writer's stack can hold.
      if (!(cause instanceof RangeError)) throw cause;
      throw new QuireError('the chapter’s HTML is nested too deeply to be written as EPUB XHTML', {
        file: rendered.chapters[i]?.chapter.file,
        cause,
        hint: 'flatten the raw HTML in this chapter (elements inside one another thousands of levels deep)',
      });
    }
  });
}

/** Embedded fonts: just the unicode-range subsets the chapters' text needs. */
function embeddedFonts(rendered: RenderedBook, chapters: { html: EpubChapter['html'] }[]) {
  const config = rendered.book.config;
  const texts = function* () {
    for (const c of chapters) yield* textsOf(documentPieces(c.html));
    yield config.title;
  };
  const faces = config.epub.embedFonts ? facesForPieces(texts(), bookFamilies(rendered.book), config.language) : [];
  const fontHref = (f: FontFace) => `fonts/${basename(f.file)}`;
  const fontCss = faces.length ? epubFontCss(rendered.book, faces, fontHref) : '';
  return { faces, fontHref, fontCss };
}

/**
 * The package as epub-gen-memory lays it out (mimetype, container, stylesheet), every document a
 * placeholder that Quire writes over.
 */
async function emptyPackage(
  rendered: RenderedBook,
  templates: OutputContext['templates'],
  chapters: { title: string; filename: string }[],
  fontCss: string,
): Promise<JSZip> {
  const config = rendered.book.config;
  try {
    const epub = new EPub(
      {
        title: config.title,
        author: config.authors,
        lang: config.language,
        tocTitle: labelsFor(config.language).contents,
        css: templates.css('styles/base.css') + '\n' + templates.css('styles/epub.css') + '\n' + fontCss,
        version: 3,
        verbose: false,
        // Placeholders too: it reads these as EJS templates, and compiling a long book's
        // navigation (megabytes) as one costs far more time and memory than writing it.
        contentOPF: '',
        tocXHTML: '',
        tocNCX: '',
      },
      // Placeholders: Quire writes the chapter documents itself (see above).
      chapters.map((c) => ({ title: c.title, content: '<p></p>', filename: c.filename })),
    );
    await epub.render();
    return epub.zip;
  } catch (cause) {
    throw new QuireError('packaging the EPUB failed', {
      cause,
      hint: 'the cause below says what epub-gen-memory could not do',
    });
  }
}

function withWrittenHeadings(rendered: RenderedBook, written: Map<string, Set<string>>): RenderedBook {
  const chapters = rendered.chapters.map((c) => {
    const ids = written.get(c.chapter.id);
    return ids ? { ...c, headings: c.headings.filter((h) => ids.has(h.id)) } : c;
  });
  return { ...rendered, chapters };
}

interface Cover {
  href: string;
  mediaType: string;
  data: Uint8Array;
}

/** The book's cover image, else the cover template photographed by the build's browser. */
async function coverImage({ rendered, templates, browser, warn, cache }: OutputContext): Promise<Cover | undefined> {
  const configured = rendered.book.config.cover;
  if (configured) {
    const file = resolve(rendered.book.root, configured);
    const data = await readFile(file).catch((cause: unknown) => {
      throw new QuireError(`the cover image \`${configured}\` cannot be read`, {
        file: rendered.book.configFile,
        cause,
        hint: 'give a path relative to the book root, or remove `cover` to have one drawn',
      });
    });
    const mediaType = imageTypeOf(data) ?? mediaTypeOf(file);
    const extension = IMAGE_EXTENSIONS[mediaType] ?? extname(file).toLowerCase();
    const svg = mediaType === 'image/svg+xml';
    return { href: `cover${extension}`, mediaType, data: svg ? Buffer.from(cleanSvgFile(data.toString()).text) : data };
  }
  // Drawn covers are kept by content: the browser draws a cover again only when it changes.
  const html = coverImageDocument(rendered, templates, fontUrl).html;
  const cached = cache.get('covers', html);
  if (cached) return { href: 'cover.png', mediaType: 'image/png', data: cached.data };
  const work = await makeWorkDir('cover');
  try {
    // A file, not setContent: the page loads its fonts from file:// URLs.
    const file = join(work, 'cover.html');
    await writeFile(file, html);
    // The cover page is contained like the print pages: a book's own cover template loads nothing from outside.
    const guard = printGuard(rendered, work);
    const watchdog = { timeoutMs: rendered.book.config.pdf.printTimeout * 1000, what: 'the EPUB cover', warn };
    const data = await printWithRetry(browser, watchdog, (chrome) =>
      withPage(chrome, file, { guard, viewport: { width: 1600, height: 2400 } }, async (page) => {
        // A tab in the background may never paint the frame a screenshot waits for.
        await page.bringToFront();
        return await settledScreenshot(page);
      }),
    );
    blockedWarnings(guard).forEach(warn);
    cache.put('covers', html, data, '.png');
    return { href: 'cover.png', mediaType: 'image/png', data };
  } catch (error) {
    if (!isUserError(error)) throw error;
    warn(
      new QuireError(`the EPUB has no cover: ${error.message}`, {
        hint: `set \`cover\` ${settingsPlace(rendered.book.configFile)} to an image, or install a browser`,
      }),
    );
    return undefined;
  } finally {
    await removeWorkDir(work);
  }
}

/**
 * The EPUB's bytes: mimetype first and stored (epub-gen-memory added it so), every entry stamped
 * with the same date so that the same sources give the same bytes.
 */
function zipBytes(zip: JSZip, date: Date): Promise<Uint8Array> {
  zip.forEach((_, entry) => {
    entry.date = date;
  });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
