/**
 * The `quire:` URLs rendering leaves in chapters' HTML (see references.ts), replaced by each
 * output with its own: the site, the one print document and the EPUB's files differ.
 *   quire:chapter/<chapter id>#<anchor>   another chapter, or a section of it
 *   quire:asset/<path from book root>     an image or other file the book shows
 *   quire:file/<path from book root>      a file of the book that it links to but does not show
 *   quire:away/<as written>/<absolute>    a link that leaves the book (both percent-encoded)
 *   quire:remote/<url>                    a remote image that was not fetched
 */
import { escapeHtml } from './highlight.ts';

export interface UrlResolver {
  chapter(chapterId: string, anchor: string | undefined): string;
  asset(path: string, anchor: string | undefined): string;
  /** A file of the book linked but not shown (`quire:file/`); undefined prints the link's text alone. */
  file?(path: string, anchor: string | undefined): string | undefined;
  /** A link that leaves the book, as written and as made absolute (empty when the book has no address). */
  away?(written: string, absolute: string): string | undefined;
  /** A remote image not fetched; undefined prints its alt text in its place. */
  remote?(url: string): string | undefined;
}

/**
 * Replace every `quire:` URL in rendered HTML with the output's own. A link the output cannot give
 * loses its href (an `<a>` without one is plain text); an image it cannot show becomes its alt text.
 */
export function resolveQuireUrls(html: string, resolver: UrlResolver): string {
  if (html.includes('quire:remote/')) {
    html = html.replace(/<img\b[^>]*?\ssrc="quire:remote\/([^"]*)"[^>]*>/g, (tag, url: string) => {
      const src = resolver.remote?.(decodeURIComponent(url));
      if (src !== undefined) return tag.replace(`quire:remote/${url}`, escapeHtml(src));
      const alt = /\salt=(?:"([^"]*)"|'([^']*)')/.exec(tag);
      return `<span class="quire-image-alt">${alt?.[1] ?? alt?.[2]?.replace(/"/g, '&quot;') ?? ''}</span>`;
    });
  }
  return html.replace(
    /(href|src)="quire:(chapter|asset|file|away)\/([^"#]*)(?:#([^"]*))?"/g,
    (_, attr: string, kind: string, target: string, anchor?: string) => {
      let url: string | undefined;
      if (kind === 'chapter') url = resolver.chapter(target, anchor);
      else if (kind === 'asset') url = resolver.asset(target, anchor);
      else if (kind === 'file') url = resolver.file?.(target, anchor);
      else {
        const [written = '', absolute = ''] = target.split('/').map((part) => decodeURIComponent(part));
        url = resolver.away ? resolver.away(written, absolute) : absolute || undefined;
      }
      if (url === undefined) return 'data-quire-unlinked=""';
      return `${attr}="${kind === 'away' ? escapeHtml(url) : url}"`;
    },
  );
}
