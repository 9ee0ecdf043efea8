/** The EPUB 3: packaged by epub-gen-memory, with Quire's own package, navigation and NCX documents. */
import { createRequire } from 'node:module';
import type { Content, Options } from 'epub-gen-memory';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { epubChapters } from '../assemble/documents.ts';
import { pageView } from '../assemble/view.ts';
import { labelsFor } from '../render/labels.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { QuireError } from '../util/errors.ts';
import { contentOpf, navXhtml, tocNcx } from './epub-package.ts';
import { chapterAnchors, type Output, type UrlResolver } from './output.ts';

// epub-gen-memory is CommonJS: an ESM default import gives the module object, not the function.
const require = createRequire(import.meta.url);
const epubGen = (require('epub-gen-memory') as { default: (options: Options, content: Content) => Promise<Buffer> })
  .default;

export const epubOutput: Output = {
  name: 'epub',
  async write({ rendered, templates, outDir }) {
    const anchorOf = chapterAnchors(rendered);
    const files = new Map(rendered.assets.map((a) => [a.path, a.file]));
    const urls: UrlResolver = {
      chapter: (id, anchor) => `${id}.xhtml#${anchorOf(id, anchor)}`,
      // epub-gen-memory reads each file:// image, stores it inside the EPUB and rewrites the src.
      asset: (path, anchor) => pathToFileURL(files.get(path) ?? path).href + (anchor ? `#${anchor}` : ''),
    };
    const chapters = epubChapters(rendered, templates, urls);
    const { toc } = pageView(rendered, urls);
    const config = rendered.book.config;
    let epub: Buffer;
    try {
      epub = await epubGen(
        {
          title: config.title,
          author: config.authors,
          publisher: config.publisher ?? '',
          description: config.description ?? config.title,
          lang: config.language,
          tocTitle: labelsFor(config.language).contents,
          css: templates.css('styles/base.css') + '\n' + templates.css('styles/epub.css'),
          prependChapterTitles: false,
          numberChaptersInTOC: false,
          version: 3,
          verbose: false,
          ignoreFailedDownloads: false,
          contentOPF: contentOpf(rendered),
          tocXHTML: navXhtml(rendered, toc, chapters),
          tocNCX: tocNcx(rendered, toc, chapters),
        },
        chapters.map((c) => ({ title: c.title, content: c.html, filename: c.filename })),
      );
    } catch (cause) {
      throw new QuireError('packaging the EPUB failed', {
        cause,
        hint: 'the message above names what epub-gen-memory could not do',
      });
    }
    const target = join(outDir, `${config.output.name}.epub`);
    await writeFileAtomic(target, epub);
    return [target];
  },
};
