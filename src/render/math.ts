/**
 * `$…$` and `$$…$$` typeset by KaTeX at build time. @vscode/markdown-it-katex finds the formulas
 * (a `$` must hug its formula: `$5 and $10` stays prose, and code spans and blocks are never read);
 * Quire renders them itself so that invalid TeX is an error naming file and line, not red text.
 *
 * The output holds both KaTeX's HTML (what the site and the PDF show, with KaTeX's stylesheet and
 * fonts) and its MathML: the EPUB keeps only the MathML (epub.ts), which reading systems render.
 */
import vscodeKatex from '@vscode/markdown-it-katex';
import katex from 'katex';
import type { MarkdownIt } from 'markdown-it';
import { fileLine } from '../model.ts';
import { QuireError } from '../util/errors.ts';
import type { RenderEnv } from './render-env.ts';

type Token = ReturnType<MarkdownIt['parse']>[number];

type Plugin = (md: MarkdownIt) => void;
// A CommonJS module with `exports.default`: imported from ESM, the function sits one level down.
const findFormulas = ((vscodeKatex as unknown as { default?: Plugin }).default ?? vscodeKatex) as Plugin;

export function math(md: MarkdownIt): void {
  md.use(findFormulas);
  // Inline tokens carry no line: note each formula's line, counted from its paragraph's first line.
  md.core.ruler.push('math_lines', (state) => {
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.map || !block.children) continue;
      let line = block.map[0];
      for (const token of block.children) {
        if (token.type === 'softbreak' || token.type === 'hardbreak') line++;
        else if (token.type === 'math_inline' && /^\s|\s$/.test(token.content)) {
          // Pandoc's rule, which the finder does not check: a formula's `$` touch it on both sides,
          // so `from $5 to $ 10` is prose.
          token.type = 'text';
          token.content = `$${token.content}$`;
        } else if (token.type.startsWith('math_')) token.meta = { ...token.meta, line };
      }
    }
  });
  const render = (display: boolean) => (tokens: Token[], idx: number, _options: unknown, env: RenderEnv) => {
    const token = tokens[idx]!;
    const line = fileLine(env.chapter, (token.meta as { line?: number } | null)?.line ?? token.map?.[0] ?? 0);
    try {
      const html = katex.renderToString(token.content, {
        displayMode: display,
        output: 'htmlAndMathml',
        throwOnError: true,
        strict: 'ignore',
        trust: false,
      });
      // A formula block stands alone; `$$…$$` inside a paragraph stays inside it (KaTeX's display
      // span is a block by its stylesheet, and MathML's display="block" in the EPUB).
      return token.type === 'math_block' ? `<div class="math-display">${html}</div>\n` : html;
    } catch (cause) {
      env.errors.push(
        new QuireError(`invalid TeX in \`${display ? '$$' : '$'}${token.content.trim()}${display ? '$$' : '$'}\``, {
          file: env.chapter.file,
          line,
          cause,
          hint: 'fix the formula (KaTeX supports most of LaTeX math: https://katex.org/docs/supported.html); write \\$ for a dollar sign that is not math',
        }),
      );
      return '';
    }
  };
  md.renderer.rules.math_inline = render(false) as never;
  md.renderer.rules.math_block = render(true) as never;
  md.renderer.rules.math_inline_block = render(true) as never;
}

/** True when rendered HTML holds KaTeX output: then the page needs KaTeX's stylesheet and fonts. */
export const hasMath = (html: string) => html.includes('class="katex');
