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
  md.use(githubAlerts, {
    markers: ADMONITION_TYPES.map((t) => t.toUpperCase()),
    icons: Object.fromEntries(ADMONITION_TYPES.map((t) => [t, ''])),
    titles: Object.fromEntries(ADMONITION_TYPES.map((t) => [t, escapeHtml(titles[t])])),
    classPrefix: 'admonition',
  });
}
