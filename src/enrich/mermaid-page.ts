/**
 * Drawing mermaid diagrams in the build's browser: one page, every diagram in one go. The page may
 * load only its own file, the mermaid bundle and the bundled fonts (see print-guard.ts), so a
 * diagram cannot reach the network or the disk whatever its source says.
 */
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { facesFor } from '../assemble/fonts.ts';
import { bookFamilies, bookFontCss, userFontDirs } from '../assemble/book-fonts.ts';
import type { Book } from '../model.ts';

type BookFontsOf = Pick<Book, 'root' | 'config' | 'configFile'>;
import { BUNDLED_FONTS_DIR, fileGuard } from '../browser/print-guard.ts';
import { withPage } from '../browser/guarded-page.ts';
import { makeWorkDir, removeWorkDir } from '../util/work-dir.ts';

const require = createRequire(import.meta.url);
const MERMAID_DIR = dirname(require.resolve('mermaid/package.json'));
/** The self-contained browser build (every diagram type in one file, nothing loaded later). */
const MERMAID_BUNDLE = join(MERMAID_DIR, 'dist', 'mermaid.min.js');
export const MERMAID_VERSION = (require('mermaid/package.json') as { version: string }).version;

/** The id mermaid gives a diagram's SVG; every SVG is drawn with it and renamed when placed. */
export const DRAW_ID = 'quireDiagram0';

/**
 * Diagrams are set in the stack of the book's headings (the text's `--font-heading`, for its language),
 * so they print with the book's fonts like the text; measured here in the same stack.
 */
const FONT_FAMILY = 'var(--font-heading, sans-serif)';

/**
 * Plain SVG text (no HTML labels in foreignObject, which XHTML readers and epubcheck reject),
 * strict security (labels sanitised, no click handlers), and no start on page load.
 */
export const MERMAID_CONFIG = {
  startOnLoad: false,
  securityLevel: 'strict',
  theme: 'neutral',
  fontFamily: FONT_FAMILY,
  themeVariables: { fontFamily: FONT_FAMILY },
  htmlLabels: false,
  flowchart: { htmlLabels: false },
  class: { htmlLabels: false },
  state: { htmlLabels: false },
  markdownAutoWrap: false,
} as const;

export type DrawResult = { svg: string } | { error: string };

export async function drawDiagrams(browser: Browser, sources: string[], book: BookFontsOf): Promise<DrawResult[]> {
  const work = await makeWorkDir('diagrams');
  try {
    // Label widths are measured in the browser: the faces must be there before the first diagram.
    const families = bookFamilies(book);
    const lang = book.config.language;
    const faces = facesFor(`\u0000${lang}\u0000${sources.join('\n')}`, families);
    const css = bookFontCss(book, faces, (f) => pathToFileURL(f.file).href);
    const file = join(work, 'diagrams.html');
    await writeFile(
      file,
      `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><style>${css}</style>` +
        `<script src="${pathToFileURL(MERMAID_BUNDLE).href}"></script></head><body></body></html>`,
    );
    const guard = fileGuard([work, BUNDLED_FONTS_DIR], userFontDirs(book), [MERMAID_BUNDLE]);
    return await withPage(browser, file, { guard, scripts: true }, (page) =>
      page.evaluate(
        async (sources, config, id) => {
          const fonts: Promise<unknown>[] = [];
          document.fonts.forEach((face) => fonts.push(face.load().catch(() => undefined)));
          await Promise.all(fonts);
          const mermaid = (window as unknown as { mermaid: MermaidApi }).mermaid;
          mermaid.initialize(config);
          const results: ({ svg: string } | { error: string })[] = [];
          // One at a time: mermaid draws into a shared scratch element.
          for (const source of sources) {
            try {
              results.push({ svg: (await mermaid.render(id, source)).svg });
            } catch (error) {
              results.push({ error: error instanceof Error ? error.message : String(error) });
            }
          }
          return results;
        },
        sources,
        MERMAID_CONFIG,
        DRAW_ID,
      ),
    );
  } finally {
    await removeWorkDir(work);
  }
}

interface MermaidApi {
  initialize(config: object): void;
  render(id: string, source: string): Promise<{ svg: string }>;
}
