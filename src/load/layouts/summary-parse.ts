/**
 * SUMMARY.md as mdBook and HonKit (GitBook) read it, parsed with markdown-it:
 * - a leading `# Summary` heading is the file's own title and is skipped;
 * - links before the first list are prefix chapters, links after it suffix chapters (unnumbered);
 * - list items are the numbered chapters, nested lists their sub-chapters;
 * - any other heading starts a part (mdBook's `# Part`, GitBook's `## Part`); `---` separators are skipped;
 * - an item without a target (`- [Draft]()`, or plain text) is kept here with `href: ''`, for the
 *   caller to leave out;
 * - numbered items get mdBook's section numbers: 1, 1.1, 1.2, … counting drafts, continuing across parts;
 * - raw HTML in a title (`## <a id="x"></a>Part`) is left out, as a browser shows it.
 */
import markdownIt from 'markdown-it';

export interface SummaryItem {
  title: string;
  /** The link target as written ('' for a draft or an entry without a link). */
  href: string;
  depth: number;
  kind: 'prefix' | 'numbered' | 'suffix';
  /** Index into `parts`, for numbered chapters after a part heading. */
  part: number | undefined;
  /** mdBook's section number of a numbered item (`[1, 2]` is "1.2."). */
  number: number[] | undefined;
  /** 1-based line in SUMMARY.md. */
  line: number;
}

export interface Summary {
  items: SummaryItem[];
  parts: { title: string; line: number }[];
}

const md = markdownIt({ html: true, linkify: false });
type Token = ReturnType<typeof md.parse>[number];

export function parseSummary(text: string): Summary {
  const tokens = md.parse(text, {});
  const items: SummaryItem[] = [];
  const parts: Summary['parts'] = [];
  let listDepth = 0;
  let itemOpen = false; // a list item whose first line is still to come
  let sawList = false;
  let sawAnything = false;
  const counters: number[] = []; // the section number of the last numbered item at each depth

  for (const token of tokens) {
    const line = (token.map?.[0] ?? 0) + 1;
    switch (token.type) {
      case 'heading_open': {
        const title = plainText(tokens[tokens.indexOf(token) + 1]?.children ?? []).trim();
        if (sawAnything || token.tag !== 'h1') parts.push({ title, line });
        sawAnything = true;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        listDepth++;
        sawList = sawAnything = true;
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        listDepth--;
        break;
      case 'list_item_open':
        itemOpen = true;
        break;
      case 'inline': {
        if (itemOpen) {
          itemOpen = false;
          const [link] = links(token);
          const depth = listDepth - 1;
          counters.length = depth + 1;
          counters[depth] = (counters[depth] ?? 0) + 1;
          items.push({
            title: link?.title ?? plainText(token.children ?? []).trim(),
            href: link?.href ?? '',
            depth,
            kind: 'numbered',
            part: parts.length > 0 ? parts.length - 1 : undefined,
            number: counters.map((n) => n ?? 1),
            line,
          });
        } else if (listDepth === 0 && !isHeadingText(tokens, token)) {
          // Prefix and suffix chapters: plain links, one or more to a paragraph.
          sawAnything = true;
          for (const link of links(token)) {
            const { offset, ...rest } = link;
            items.push({
              ...rest,
              depth: 0,
              kind: sawList ? 'suffix' : 'prefix',
              part: undefined,
              number: undefined,
              line: line + offset,
            });
          }
        }
        break;
      }
      case 'hr':
        sawAnything = true;
        break;
    }
  }
  return { items, parts };
}

function isHeadingText(tokens: Token[], inline: Token): boolean {
  return tokens[tokens.indexOf(inline) - 1]?.type === 'heading_open';
}

/** The links of a paragraph, each with the number of its line within the paragraph. */
function links(inline: Token): { title: string; href: string; offset: number }[] {
  const found: { title: string; href: string; offset: number }[] = [];
  const children = inline.children ?? [];
  let offset = 0;
  children.forEach((child, i) => {
    if (child.type === 'softbreak' || child.type === 'hardbreak') offset++;
    if (child.type !== 'link_open') return;
    const end = children.findIndex((c, j) => j > i && c.type === 'link_close');
    found.push({
      title: plainText(children.slice(i + 1, end === -1 ? undefined : end)).trim(),
      href: String(child.attrGet('href') ?? ''),
      offset,
    });
  });
  return found;
}

function plainText(tokens: Token[]): string {
  return tokens
    .map((t) => (t.type === 'text' || t.type === 'code_inline' ? t.content : t.type === 'softbreak' ? ' ' : ''))
    .join('');
}
