/**
 * Enrich: every ```mermaid placeholder the render stage left becomes an inline SVG. Diagrams are kept by
 * content (source, mermaid version and settings) in the user's cache (util/user-cache.ts), so a build
 * draws only diagrams it has not drawn before, and a book without any never starts a browser.
 */
import { createHash } from 'node:crypto';
import { regionOf } from '../util/languages.ts';
import type { RenderedBook, RenderedChapter } from '../model.ts';
import type { LazyBrowser } from '../browser/browser.ts';
import { QuireError, QuireErrors } from '../util/errors.ts';
import type { UserCache } from '../util/user-cache.ts';
import { PLACEHOLDER } from '../render/diagram-fences.ts';
import { DRAW_ID, drawDiagrams, MERMAID_CONFIG, MERMAID_VERSION } from './mermaid-page.ts';

interface Occurrence {
  file: string;
  line: number;
  source: string;
  key: string;
}

/** The chapters with their diagrams drawn (the same objects when the book has none). */
export async function drawBookDiagrams(
  rendered: RenderedBook,
  browser: LazyBrowser,
  cache: UserCache,
  progress?: (done: number, total: number, unit: string) => void,
): Promise<RenderedChapter[]> {
  const found: Occurrence[] = [];
  const { language } = rendered.book.config;
  for (const c of rendered.chapters) {
    if (!c.html.includes('<pre class="quire-mermaid"')) continue; // a plain search is far quicker than the pattern
    for (const m of c.html.matchAll(PLACEHOLDER)) {
      const source = unescapeHtml(m[2]!);
      found.push({ file: c.chapter.file, line: Number(m[1]), source, key: diagramKey(source, language) });
    }
  }
  if (found.length === 0) return rendered.chapters;

  const svgs = new Map<string, string>();
  const missing: string[] = [];
  for (const key of new Set(found.map((o) => o.key))) {
    const cached = cache.get('diagrams', key);
    if (cached) svgs.set(key, cached.data.toString('utf8'));
    else missing.push(key);
  }
  // Mermaid draws the missing ones in one page, all at once: the count moves when they are drawn.
  const unique = svgs.size + missing.length;
  progress?.(svgs.size, unique, 'diagrams');
  if (missing.length > 0) {
    const sources = missing.map((key) => found.find((o) => o.key === key)!.source);
    const first = found.find((o) => o.key === missing[0])!;
    const chromium = await browser.get().catch((cause: unknown) => {
      throw new QuireError('drawing mermaid diagrams needs a browser, and none could be started', {
        file: first.file,
        line: first.line,
        cause,
        hint: 'install Chromium or Chrome (see the cause below), or build once where one is: drawn diagrams are cached',
      });
    });
    const drawn = await drawDiagrams(chromium, sources, rendered.book);
    const errors: QuireError[] = [];
    await Promise.all(
      drawn.map(async (result, i) => {
        const key = missing[i]!;
        if ('svg' in result) {
          svgs.set(key, result.svg);
          cache.put('diagrams', key, result.svg, '.svg');
          return;
        }
        for (const o of found.filter((f) => f.key === key)) errors.push(diagramError(o, result.error));
      }),
    );
    if (errors.length > 0)
      throw new QuireErrors(errors.sort((a, b) => a.where().localeCompare(b.where(), 'en', { numeric: true })));
    progress?.(unique, unique, 'diagrams');
  }

  // Each diagram in the book gets its own ids (the print document holds every chapter at once),
  // numbered within its chapter so that an edit elsewhere leaves the chapter's HTML as it was.
  return rendered.chapters.map((c) => {
    let n = 0;
    const html = c.html.replace(PLACEHOLDER, (_, _line: string, escaped: string) =>
      withIds(svgs.get(diagramKey(unescapeHtml(escaped), language))!, `Diagram-${c.chapter.id}-${++n}`),
    );
    return html === c.html ? c : { ...c, html };
  });
}

/** Labels are measured in the stack of the book's language: another language's is another drawing. */
const diagramKey = (source: string, language: string) =>
  createHash('sha256')
    .update(JSON.stringify([MERMAID_VERSION, MERMAID_CONFIG, regionOf(language) ?? 'latin', source]))
    .digest('hex')
    .slice(0, 32);

function diagramError(o: Occurrence, message: string): QuireError {
  const [first, ...rest] = message.split('\n');
  const detail = rest.filter((l) => l.trim()).join('\n  ');
  return new QuireError(`mermaid diagram: ${first}`, {
    file: o.file,
    line: o.line,
    hint: `${detail ? `${detail}\n  ` : ''}lines are counted from the line after the \`\`\`mermaid fence; see https://mermaid.js.org/intro/syntax-reference.html`,
  });
}

/** Rename the SVG's ids (the drawn id, and the few mermaid leaves unprefixed) under `prefix`. */
export function withIds(svg: string, prefix: string): string {
  const others = new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!).filter((id) => !id.includes(DRAW_ID)));
  let out = svg.replaceAll(DRAW_ID, prefix);
  for (const id of others) {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(\\sid="|url\\(#|href="#)${escaped}(?=[")])`, 'g'), `$1${prefix}-${id}`);
  }
  // Some diagrams (mindmaps) give two elements one id: later ones get a suffix.
  const seen = new Map<string, number>();
  return out.replace(/(\sid=")([^"]+)"/g, (_, start: string, id: string) => {
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return `${start}${n === 1 ? id : `${id}-${n}`}"`;
  });
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
