/**
 * The site's pages, assembled: an index (cover and contents) and one page per chapter, each through
 * layout.hbs. Watch mode passes a memo so that an edit renders only the pages whose data changed.
 */
import type { RenderedBook, RenderedChapter } from '../model.ts';
import { bookHasMath } from './math-assets.ts';
import type { Templates } from './templates.ts';
import { aroundBody, BODY_MARK, documentHash, linePieces, LONG_CHARS, type PiecedDocument } from './pieces.ts';
import { chapterMeta, pageView, type ChapterView } from './view.ts';
import { resolveQuireUrls, type UrlResolver } from '../render/quire-urls.ts';
import { contentKey } from '../util/content-key.ts';

export interface SitePage {
  /** File name inside the site folder. */
  file: string;
  html: PiecedDocument;
  /** A hash of `html`, when the page memo already knows it. */
  hash?: string;
}

/**
 * Site pages as last rendered, by file: watch mode keeps them between builds, so an edit renders
 * only the pages whose data changed (after a body edit, just that chapter's page).
 */
export type PageMemo = Map<string, { key: string; body: string; html: PiecedDocument; hash: string }>;

/** What a site page has besides what every page shares; `chapter` gets its body when rendered. */
interface PageData {
  assets: string;
  chapter?: Omit<ChapterView, 'html'>;
  prev?: { href: string; title: string };
  next?: { href: string; title: string };
  /** The PDF, the EPUB and the chapter's handout, those built. */
  downloads: SiteLink[];
  editUrl?: string;
}

export interface SiteLink {
  href: string;
  label: string;
}

/** What the site links to besides its pages: the other outputs, and where to edit a chapter. */
export interface SiteLinks {
  /** The book's downloads (the PDF, the EPUB), on every page. */
  downloads: SiteLink[];
  /** A chapter's own: its handout, and the address to edit its source. */
  chapter: (chapter: RenderedChapter) => { handout?: SiteLink; editUrl?: string };
}

/** The HTML site: an index (cover and contents) and one page per chapter. */
export function sitePages(
  rendered: RenderedBook,
  templates: Templates,
  urls: UrlResolver,
  memo?: { last: PageMemo; next: PageMemo },
  links: SiteLinks = { downloads: [], chapter: () => ({}) },
): SitePage[] {
  const page = {
    ...pageView(rendered, urls),
    mathCss: bookHasMath(rendered) ? 'assets/katex/katex.min.css' : undefined,
  };
  const metas = rendered.chapters.map((c) => chapterMeta(rendered, c));
  const link = (i: number) => {
    const c = metas[i];
    return c && { href: urls.chapter(c.id, undefined), title: c.fullTitle };
  };
  // What every page shares (the contents above all) is hashed once; each page adds its own data,
  // and its chapter's text, compared as it is: an unchanged chapter's is the string the render
  // cache kept, so the comparison costs nothing and the text is never hashed.
  const shared = memo && contentKey(templates.fingerprint + JSON.stringify(page));
  const render = (file: string, own: PageData, body = ''): SitePage => {
    const layout = (html: string) =>
      templates.render('layout.hbs', { ...page, ...own, ...(own.chapter && { chapter: { ...own.chapter, html } }) });
    const html = (): PiecedDocument =>
      (body.length > LONG_CHARS &&
        aroundBody(
          layout(BODY_MARK),
          linePieces(body).map((piece) => Buffer.from(resolveQuireUrls(piece, urls))),
        )) ||
      layout(resolveQuireUrls(body, urls));
    if (!memo) return { file, html: html() };
    const key = contentKey(shared! + JSON.stringify(own));
    let known = memo.last.get(file);
    if (!known || known.key !== key || known.body !== body) {
      const document = html();
      known = { key, body, html: document, hash: documentHash(document) };
    }
    memo.next.set(file, known);
    return { file, html: known.html, hash: known.hash };
  };
  return [
    render('index.html', { assets: 'assets/', downloads: links.downloads }),
    ...metas.map((chapter, i) => {
      const { handout, editUrl } = links.chapter(rendered.chapters[i]!);
      const downloads = handout ? [...links.downloads, handout] : links.downloads;
      const own = { assets: 'assets/', chapter, prev: link(i - 1), next: link(i + 1), downloads, editUrl };
      return render(`${chapter.id}.html`, own, rendered.chapters[i]!.html);
    }),
  ];
}
