/**
 * Docusaurus admonitions (`:::tip[Title]` … `:::`) and GitHub alerts (`> [!NOTE]`)
 * render to the same markup, so one stylesheet rule covers both:
 * `<aside class="admonition admonition-tip"><p class="admonition-title">…</p>…</aside>`.
 */
import type { MarkdownIt } from 'markdown-it';
import container from 'markdown-it-container';
import githubAlerts from 'markdown-it-github-alerts';
import { escapeHtml } from './highlight.ts';
import { labelsFor } from './labels.ts';

interface ContainerToken {
  nesting: number;
  info: string;
  type: string;
  level: number;
}

export const ADMONITION_TYPES = ['note', 'tip', 'info', 'important', 'warning', 'caution', 'danger'] as const;

export function admonitions(md: MarkdownIt, language: string): void {
  const titles = labelsFor(language).admonitions;
  for (const type of ADMONITION_TYPES) {
    // `:::tip`, `:::tip[Title]` (Docusaurus 3) and `:::tip Title` (Docusaurus 2).
    const pattern = new RegExp(`^${type}(?:\\[(.*)\\])?(?:\\s+(.*))?$`);
    md.use(container, type, {
      validate: (params: string) => pattern.test(params.trim()),
      render: (tokens: { nesting: number; info: string }[], idx: number) => {
        const token = tokens[idx]!;
        if (token.nesting !== 1) return '</aside>\n';
        const match = pattern.exec(token.info.trim());
        const title = match?.[1] ?? match?.[2] ?? titles[type];
        return `<aside class="admonition admonition-${type}"><p class="admonition-title">${md.renderInline(title)}</p>\n`;
      },
    });
  }
  // Every other `::: name` container of the sites books come from (VitePress `details` and
  // `code-group`, Docusaurus and VuePress extras): its content kept, never its markers as text.
  // A titled one (`::: details Click to open`) keeps its title as an admonition's.
  const other = /^([A-Za-z][\w-]*)(?:\[(.*)\]|\s+(.*))?$/;
  md.use(container, 'other', {
    validate: (params: string) => other.test(params.trim()),
    render: (tokens: ContainerToken[], idx: number) => {
      // A closing marker has no name: its tag is its opening one's.
      let open = idx;
      while (tokens[idx]!.nesting !== 1 && open > 0) {
        open--;
        if (tokens[open]!.type === 'container_other_open' && tokens[open]!.level === tokens[idx]!.level) break;
      }
      const [, name, bracketed, spaced] = other.exec(tokens[open]!.info.trim()) ?? [];
      const title = bracketed ?? spaced;
      if (tokens[idx]!.nesting !== 1) return title ? '</aside>\n' : '</div>\n';
      const kind = name?.toLowerCase() ?? 'other';
      if (!title) return `<div class="container container-${kind}">\n`;
      return `<aside class="admonition admonition-${kind}"><p class="admonition-title">${md.renderInline(title)}</p>\n`;
    },
  });
  md.use(githubAlerts, {
    markers: ADMONITION_TYPES.map((t) => t.toUpperCase()),
    icons: Object.fromEntries(ADMONITION_TYPES.map((t) => [t, ''])),
    titles: Object.fromEntries(ADMONITION_TYPES.map((t) => [t, escapeHtml(titles[t])])),
    classPrefix: 'admonition',
  });
}
