/**
 * ```mermaid fences. Rendering is synchronous and mermaid needs a browser, so a fence becomes a
 * placeholder holding its source and line; renderDiagrams (diagrams.ts) swaps each for its SVG
 * after the book is rendered. The placeholder never reaches an output.
 */
import type { MarkdownIt } from 'markdown-it';
import { fileLine } from '../model.ts';
import { escapeHtml } from './highlight.ts';
import type { RenderEnv } from './render-env.ts';

export const PLACEHOLDER = /<pre class="quire-mermaid" data-line="(\d+)">([^<]*)<\/pre>/g;

export function diagramFences(md: MarkdownIt): void {
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    if (token.info.trim().split(/\s+/)[0] !== 'mermaid') return fence(tokens, idx, options, env, self);
    const line = fileLine((env as RenderEnv).chapter, token.map?.[0] ?? 0);
    return `<figure class="diagram"><pre class="quire-mermaid" data-line="${line}">${escapeHtml(token.content)}</pre></figure>\n`;
  };
}

/** True when some chapter of the book has a diagram still to draw. */
export const hasDiagrams = (html: string) => html.includes('<pre class="quire-mermaid"');
