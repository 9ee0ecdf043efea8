/**
 * KaTeX's stylesheet and fonts, for pages that show formulas: the site copies them into its assets
 * (only the woff2 fonts, which every browser that runs the site reads), the print document loads
 * them from the installed package like the bundled text fonts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RenderedBook } from '../model.ts';

const require = createRequire(import.meta.url);
export const KATEX_DIST_DIR = join(dirname(require.resolve('katex/package.json')), 'dist');
export const KATEX_CSS = join(KATEX_DIST_DIR, 'katex.min.css');

export const bookHasMath = (rendered: RenderedBook) => rendered.chapters.some((c) => c.math);

/** The site's copy: the stylesheet with only its woff2 sources, and those fonts. */
export function siteMathFiles(dir: string): ({ path: string; text: string } | { path: string; copyOf: string })[] {
  const css = readFileSync(KATEX_CSS, 'utf8').replace(/,url\(fonts\/[^)]+\.(?:woff|ttf)\) format\("[a-z]+"\)/g, '');
  const fonts = readdirSync(join(KATEX_DIST_DIR, 'fonts')).filter((f) => f.endsWith('.woff2'));
  return [
    { path: `${dir}/katex.min.css`, text: css },
    ...fonts.map((f) => ({ path: `${dir}/fonts/${f}`, copyOf: join(KATEX_DIST_DIR, 'fonts', f) })),
  ];
}
