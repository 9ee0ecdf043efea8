/**
 * The one markdown-it configuration every output shares. Created once per build;
 * per-chapter state travels in `env` (see RenderEnv), never in the instance.
 */
import { slug } from 'github-slugger';
import markdownIt, { type MarkdownIt } from 'markdown-it';
import anchor from 'markdown-it-anchor';
import attrs from 'markdown-it-attrs';
import cjkFriendly from 'markdown-it-cjk-friendly';
import deflist from 'markdown-it-deflist';
import footnote from 'markdown-it-footnote';
import taskLists from 'markdown-it-task-lists';
import { admonitions } from './admonitions.ts';
import { cjkBreaks } from './cjk-breaks.ts';
import { diagramFences } from './diagram-fences.ts';
import { figures } from './figures.ts';
import { math } from './math.ts';
import { highlightBlock } from './highlight.ts';
import { imageAlt } from './image-alt.ts';
import { references } from './references.ts';
import { scopedStyles } from './scoped-styles.ts';

/** `highlight` stands in for highlightBlock, to reuse blocks highlighted before (watch mode). */
export function createMarkdown(language: string, highlight = highlightBlock): MarkdownIt {
  const md = markdownIt({
    html: true,
    linkify: true,
    typographer: false,
    highlight: (code, info) => highlight(code, info),
  });
  md.use(attrs, { allowedAttributes: ['id', 'class', /^data-/, 'lang', 'width', 'height'] })
    .use(cjkFriendly)
    .use(cjkBreaks)
    .use(footnote)
    .use(deflist)
    .use(taskLists, { enabled: false, label: true })
    // A heading of punctuation alone (`# \`?\``) slugs to nothing, and an id may not be empty.
    .use(anchor, { slugify: (text: string) => slug(text) || 'section', tabIndex: false, level: 1 })
    .use(admonitions, language)
    .use(figures)
    .use(references)
    .use(imageAlt)
    .use(diagramFences)
    .use(math)
    .use(scopedStyles);
  // The default back-reference mark (U+21A9 with a text variation selector) has no glyph in the
  // bundled fonts, so Chromium would fall back to a system font; an upwards arrow does.
  const backref = md.renderer.rules.footnote_anchor!;
  md.renderer.rules.footnote_anchor = (...args) => backref(...args).replace('\u21a9\ufe0e', '\u2191');
  return md;
}
