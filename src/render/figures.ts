/** An image alone in its paragraph becomes a figure, captioned by its title or, failing that, its alt text. */
import type { MarkdownIt } from 'markdown-it';
import { escapeHtml } from './highlight.ts';

export function figures(md: MarkdownIt): void {
  md.core.ruler.push('quire_figures', (state) => {
    const tokens = state.tokens;
    for (let i = 1; i < tokens.length - 1; i++) {
      const inline = tokens[i]!;
      const open = tokens[i - 1]!;
      const close = tokens[i + 1]!;
      if (open.type !== 'paragraph_open' || open.hidden || inline.type !== 'inline') continue;
      const parts = (inline.children ?? []).filter(
        (t) => !(t.type === 'text' && t.content.trim() === '') && t.type !== 'softbreak',
      );
      const image = parts[0];
      if (parts.length !== 1 || image?.type !== 'image') continue;
      const caption = String(image.attrGet('title') ?? '') || image.content;
      open.tag = close.tag = 'figure';
      if (caption) {
        const figcaption = new state.Token('html_inline', '', 0);
        figcaption.content = `<figcaption>${escapeHtml(caption)}</figcaption>`;
        inline.children!.push(figcaption);
      }
    }
  });
}
