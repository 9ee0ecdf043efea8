/** The HTML site: dist/html/index.html, a page per chapter, and assets/ (styles, fonts, images). */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { sitePages, type PageMemo } from '../../assemble/site-pages.ts';
import { facesForPieces, textsOf, type FontFace, type FontFamily } from '../../assemble/fonts.ts';
import { bookFamilies, bookFontCss } from '../../assemble/book-fonts.ts';
import { documentHash, documentPieces, type PiecedDocument } from '../../assemble/pieces.ts';
import { bookHasMath, siteMathFiles } from '../../assemble/math-assets.ts';
import { replaceDirAtomic, writeFileAtomic } from '../../util/atomic.ts';
import { siteLinks } from './links.ts';
import { searchFiles, type SearchMemo } from './search.ts';
import { defineOutput, type OutputContext, type UrlResolver } from '../output.ts';
import { contentKey } from '../../util/content-key.ts';

/** One file of the site: its text (and its hash, when known), or the file to copy. */
type SiteFile = { path: string; text: PiecedDocument; hash?: string } | { path: string; copyOf: string };

/**
 * The font faces the site's pages need. Finding them means reading every character of every
 * page; watch mode remembers each page's faces by its hash, so only changed pages are read again.
 */
function siteFaces(
  pages: { html: PiecedDocument; hash: string }[],
  families: FontFamily[],
  site: SiteState | undefined,
): FontFace[] {
  const faces = new Set<FontFace>();
  const cache = new Map<string, FontFace[]>();
  // The faces a page needs depend on the book's fonts too: new ones (book.yaml changed) read every page again.
  if (site && site.families !== families) site.faces = new Map();
  for (const page of pages) {
    const own = site?.faces.get(page.hash) ?? facesForPieces(textsOf(documentPieces(page.html)), families);
    cache.set(page.hash, own);
    for (const face of own) faces.add(face);
  }
  if (site) [site.faces, site.families] = [cache, families];
  // In the families' order, so the stylesheet is the same whatever order pages were read in.
  return families.flatMap((f) => f.faces).filter((f) => faces.has(f));
}

export const htmlOutput = defineOutput<SiteState>({
  name: 'html',
  createState: () => createSiteState(),
  async write({ rendered, templates, outDir, state: site, progress, formats }) {
    const urls: UrlResolver = {
      chapter: (id, anchor) => `${id}.html${anchor ? `#${anchor}` : ''}`,
      asset: (path, anchor) => `assets/${path}${anchor ? `#${anchor}` : ''}`,
      file: (path, anchor) => `assets/${path}${anchor ? `#${anchor}` : ''}`,
      away: (written) => written,
      remote: (url) => url,
    };
    const memo = site && { last: site.pages, next: new Map() };
    const pages = sitePages(rendered, templates, urls, memo, siteLinks(rendered, outDir, formats)).map((p) => ({
      ...p,
      hash: p.hash ?? documentHash(p.html),
    }));
    if (site && memo) site.pages = memo.next;
    const searchMemo = site && { last: site.search, next: new Map() };
    const search = searchFiles(rendered, searchMemo);
    if (site && searchMemo) site.search = searchMemo.next;
    const families = bookFamilies(rendered.book);
    const faces = siteFaces(pages, families, site);
    const files: SiteFile[] = [
      ...pages.map((p) => ({ path: p.file, text: p.html, hash: p.hash })),
      { path: 'assets/fonts.css', text: bookFontCss(rendered.book, faces, (f) => `fonts/${basename(f.file)}`) },
      { path: 'assets/base.css', text: templates.css('styles/base.css') },
      { path: 'assets/screen.css', text: templates.css('styles/screen.css') },
      { path: 'assets/site.js', text: templates.css('scripts/site.js') },
      // One script, one request: what finds results, the fonts they will need, then what draws them.
      {
        path: 'assets/search.js',
        text: ['search-core.js', 'search-fonts.js', 'search.js'].map((f) => templates.css(`scripts/${f}`)).join(''),
      },
      ...search,
      ...faces.map((f) => ({ path: `assets/fonts/${basename(f.file)}`, copyOf: f.file })),
      ...rendered.assets.map((a) => ({ path: `assets/${a.path}`, copyOf: a.file })),
      ...(bookHasMath(rendered) ? siteMathFiles('assets/katex') : []),
    ];
    const target = join(outDir, 'html');
    if (!site) {
      await replaceDirAtomic(target, (dir) => writeAll(dir, files, progress));
      return { files: [join(target, 'index.html')] };
    }
    return { files: [join(target, 'index.html')], changed: await updateSite(target, files, site) };
  },
});

async function writeAll(dir: string, files: SiteFile[], progress?: OutputContext['progress']): Promise<void> {
  let done = 0;
  progress?.(0, files.length, 'files');
  await Promise.all(
    files.map(async (f) => {
      const to = join(dir, f.path);
      await mkdir(dirname(to), { recursive: true });
      await ('text' in f ? writeFile(to, documentPieces(f.text)) : copyFile(f.copyOf, to));
      progress?.(++done, files.length, 'files');
    }),
  );
}

/**
 * What watch mode keeps of the site between builds: a hash per file. Only files whose content
 * changed are written (each atomically), and files no longer part of the site are removed.
 */
export interface SiteState {
  hashes: Map<string, string>;
  /** The font faces each page needs, by the page's hash, for the families last used. */
  faces: Map<string, FontFace[]>;
  families?: FontFamily[];
  /** Rendered pages, by a hash of their data (see sitePages). */
  pages: PageMemo;
  /** Search pieces, by chapter (see searchFiles). */
  search: SearchMemo;
}

export const createSiteState = (): SiteState => ({
  hashes: new Map(),
  faces: new Map(),
  pages: new Map(),
  search: new Map(),
});

/** Write what changed since the session's last build; returns the site paths whose content changed. */
async function updateSite(target: string, files: SiteFile[], state: SiteState): Promise<string[]> {
  if (state.hashes.size === 0) {
    await replaceDirAtomic(target, (dir) => writeAll(dir, files));
    for (const f of files) state.hashes.set(f.path, await hashOf(f));
    return files.map((f) => f.path);
  }
  const changed: string[] = [];
  await Promise.all(
    files.map(async (f) => {
      const hash = await hashOf(f);
      if (state.hashes.get(f.path) === hash) return;
      await writeFileAtomic(join(target, f.path), 'text' in f ? documentPieces(f.text) : await readFile(f.copyOf));
      state.hashes.set(f.path, hash);
      changed.push(f.path);
    }),
  );
  const current = new Set(files.map((f) => f.path));
  for (const path of [...state.hashes.keys()].filter((p) => !current.has(p))) {
    await rm(join(target, path), { force: true });
    state.hashes.delete(path);
    changed.push(path);
  }
  return changed;
}

async function hashOf(file: SiteFile): Promise<string> {
  if ('text' in file) return file.hash ?? documentHash(file.text);
  // Bundled fonts never change while Quire runs: their name is their identity.
  if (file.copyOf.includes('node_modules')) return file.copyOf;
  return contentKey(await readFile(file.copyOf));
}
