/**
 * A chapter's own `<style>` blocks apply to that chapter only. In the PDF every chapter shares one
 * document with the cover and the contents, so a chapter's `img { position: absolute }` would move
 * pictures on every page; in the site it would style the page's navigation. Each rule's selectors
 * are rewritten under the chapter's element (`[data-chapter="id"]`, which the chapter template puts
 * on it), `html`, `body` and `:root` standing for that element, and `position: fixed` (repeated on
 * every printed page) becomes `absolute`, inside the chapter.
 */
import type { MarkdownIt } from 'markdown-it';
import postcss, { type AtRule, type Rule } from 'postcss';
import type { RenderEnv } from './render-env.ts';

const STYLE = /(<style\b[^>]*>)([\s\S]*?)(<\/style\s*>)/gi;

export function scopedStyles(md: MarkdownIt): void {
  const block = md.renderer.rules.html_block!;
  md.renderer.rules.html_block = (tokens, idx, options, env, self) => {
    const html = block(tokens, idx, options, env, self);
    if (!/<style\b/i.test(html)) return html;
    const scope = `[data-chapter="${(env as RenderEnv).chapter.id}"]`;
    return html.replace(STYLE, (_, open: string, css: string, close: string) => open + scopeCss(css, scope) + close);
  };
}

/** The rules of `css` applied only inside the element `scope` selects. */
export function scopeCss(css: string, scope: string): string {
  let root;
  try {
    root = postcss.parse(css);
  } catch {
    // Not CSS a parser can follow: browsers that know `@scope` still keep it inside the chapter.
    return `@scope (${scope}) {\n${css}\n}`;
  }
  root.walkRules((rule) => {
    if (insideKeyframes(rule)) return;
    rule.selectors = rule.selectors.map((selector) => scopeSelector(selector, scope));
  });
  root.walkDecls(/^position$/i, (decl) => {
    if (/^\s*fixed\s*$/i.test(decl.value)) decl.value = 'absolute';
  });
  root.walkAtRules(/^page$/i, (rule) => {
    rule.remove(); // page size and margins are the book's, not one chapter's
  });
  return root.toString();
}

function scopeSelector(selector: string, scope: string): string {
  const document = /^\s*(?::root|html)?(?:\s*\bbody)?(?=[\s.#[:>~+]|$)/i.exec(selector)?.[0] ?? '';
  // `body p` becomes `scope p`; `body.dark p` keeps its qualifier on the chapter's element.
  if (document.trim()) return `${scope}${selector.slice(document.length)}`;
  return `${scope} ${selector.trim()}`;
}

function insideKeyframes(rule: Rule): boolean {
  const parent = rule.parent;
  return parent?.type === 'atrule' && /keyframes$/i.test((parent as AtRule).name);
}
