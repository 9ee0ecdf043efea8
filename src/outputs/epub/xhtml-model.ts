/**
 * The part of HTML's content model an EPUB 3 XHTML document is checked against (epubcheck's schemas
 * for EPUB 3.0.1, which follow HTML5): which elements exist, which attributes each may carry, and
 * which elements may hold which. Data only; xhtml-sanitize.ts applies it.
 */

/** Phrasing content: what a paragraph, a heading or a span may hold. */
export const PHRASING = new Set(
  (
    'a abbr audio b bdi bdo br button canvas cite code data del dfn em i img input ins kbd label map mark ' +
    'math meter output progress q ruby s samp select small span strong sub sup svg textarea time u var video wbr'
  ).split(' '),
);

/** Flow content that is not phrasing: blocks. */
export const BLOCK = new Set(
  (
    'address article aside blockquote details dialog div dl fieldset figure footer h1 h2 h3 h4 h5 h6 header ' +
    'hgroup hr main nav ol p pre section table ul'
  ).split(' '),
);

/** Elements that belong only inside a given parent, and those parents. */
export const PARENTS: Record<string, string[]> = {
  li: ['ul', 'ol'],
  dt: ['dl'],
  dd: ['dl'],
  figcaption: ['figure'],
  legend: ['fieldset'],
  summary: ['details'],
  caption: ['table'],
  colgroup: ['table'],
  col: ['colgroup'],
  thead: ['table'],
  tbody: ['table'],
  tfoot: ['table'],
  tr: ['table', 'thead', 'tbody', 'tfoot'],
  td: ['tr'],
  th: ['tr'],
  source: ['video', 'audio', 'picture'],
  track: ['video', 'audio'],
  option: ['select', 'optgroup', 'datalist'],
  optgroup: ['select'],
  rt: ['ruby'],
  rp: ['ruby'],
  area: ['map'],
};

/** Elements that hold only certain children (and white space); anything else is moved out. */
export const CHILDREN: Record<string, string[]> = {
  ul: ['li'],
  ol: ['li'],
  dl: ['dt', 'dd'],
  table: ['caption', 'colgroup', 'thead', 'tbody', 'tfoot', 'tr'],
  thead: ['tr'],
  tbody: ['tr'],
  tfoot: ['tr'],
  tr: ['td', 'th'],
  colgroup: ['col'],
  select: ['option', 'optgroup'],
  optgroup: ['option'],
};

/** Elements that hold phrasing content only: a block inside one is made a span. */
export const PHRASING_ONLY = new Set(
  (
    'p h1 h2 h3 h4 h5 h6 pre span a abbr b bdi bdo cite code data del dfn em i ins kbd label mark q s samp ' +
    'small strong sub sup time u var dt legend summary button output meter progress ruby rt rp'
  ).split(' '),
);

/** Interactive elements, which may not hold one another. */
export const INTERACTIVE = new Set(['a', 'button', 'label', 'select', 'textarea', 'input', 'details', 'iframe']);

/** Elements without content. */
export const VOID = new Set(['br', 'wbr', 'hr', 'img', 'input', 'col', 'source', 'track', 'area']);

/** Attributes any element may carry (besides `aria-*`, `data-*`, `epub:type`, `xml:lang`). */
export const GLOBAL_ATTRIBUTES = new Set(
  'id class title lang dir style hidden role tabindex accesskey translate spellcheck'.split(' '),
);

/** Attributes particular elements may carry. */
export const ELEMENT_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'rel', 'hreflang', 'type', 'target'],
  img: ['src', 'alt', 'width', 'height'],
  td: ['colspan', 'rowspan', 'headers'],
  th: ['colspan', 'rowspan', 'headers', 'scope', 'abbr'],
  col: ['span'],
  colgroup: ['span'],
  ol: ['start', 'reversed', 'type'],
  li: ['value'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
  time: ['datetime'],
  data: ['value'],
  video: ['src', 'poster', 'controls', 'width', 'height', 'loop', 'muted', 'preload'],
  audio: ['src', 'controls', 'loop', 'muted', 'preload'],
  source: ['src', 'type', 'media'],
  track: ['src', 'kind', 'srclang', 'label', 'default'],
  input: ['type', 'name', 'value', 'placeholder', 'checked', 'disabled', 'readonly'],
  button: ['type', 'name', 'value', 'disabled'],
  label: ['for'],
  select: ['name', 'multiple', 'disabled'],
  option: ['value', 'selected', 'disabled', 'label'],
  optgroup: ['label', 'disabled'],
  textarea: ['name', 'rows', 'cols', 'readonly', 'disabled', 'placeholder'],
  details: ['open'],
  meter: ['value', 'min', 'max', 'low', 'high', 'optimum'],
  progress: ['value', 'max'],
  map: ['name'],
  area: ['alt', 'href', 'shape', 'coords'],
  canvas: ['width', 'height'],
  output: ['for', 'name'],
  fieldset: ['name', 'disabled'],
};

/** Attribute names as React and JSX spell them, to their HTML names (already lower-cased by the parser). */
export const MAPPED_ATTRIBUTES: Record<string, string> = { classname: 'class', htmlfor: 'for' };

/** Attributes whose values must be non-negative integers. */
export const INTEGER_ATTRIBUTES = new Set(['width', 'height', 'colspan', 'rowspan', 'span', 'rows', 'cols']);

/** Elements left out with everything in them: they do nothing in a reading system, or would need declaring. */
export const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'link',
  'meta',
  'base',
  'object',
  'embed',
  'param',
]);

/** Obsolete elements mapped to their nearest equivalent. */
export const RENAMED: Record<string, string> = {
  center: 'div',
  font: 'span',
  tt: 'code',
  big: 'span',
  strike: 's',
  acronym: 'abbr',
  hgroup: 'div',
};

/** Elements that may not be anywhere inside certain others. */
export const NOT_INSIDE: Record<string, string[]> = {
  header: ['header', 'footer', 'address'],
  footer: ['header', 'footer', 'address'],
  address: ['address', 'header', 'footer'],
  dfn: ['dfn'],
  label: ['label'],
  meter: ['meter'],
  progress: ['progress'],
  table: ['caption'],
};

/** Elements whose content is text alone: what is inside them is kept as its text. */
export const TEXT_ONLY = new Set(['option', 'textarea']);

const MIME = /^[\w!#$&+^-]+\/[\w!#$&+^.-]+(?:\s*;.*)?$/;
const LANGUAGE = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

/** Values HTML restricts, by `element attribute` (`*` for any element). */
export const ATTRIBUTE_VALUES: Record<string, RegExp> = {
  'a type': MIME,
  'source type': MIME,
  'button type': /^(?:button|reset|submit)$/,
  'input type':
    /^(?:text|checkbox|radio|button|submit|reset|hidden|password|email|number|url|search|tel|date|time|range|color)$/,
  'ol type': /^[1aAiI]$/,
  'th scope': /^(?:row|col|rowgroup|colgroup)$/,
  'track kind': /^(?:subtitles|captions|descriptions|chapters|metadata)$/,
  '* preload': /^(?:none|metadata|auto)$/,
  '* dir': /^(?:ltr|rtl|auto)$/,
  '* lang': LANGUAGE,
  '* xml:lang': LANGUAGE,
  '* tabindex': /^-?\d+$/,
  '* translate': /^(?:yes|no)$/,
  '* spellcheck': /^(?:true|false)$/,
  'a href': /^(?!\s*javascript:)/i,
  'li value': /^-?\d+$/,
  'ol start': /^-?\d+$/,
  ...Object.fromEntries(
    ['value', 'min', 'max', 'low', 'high', 'optimum'].flatMap((name) => [
      [`meter ${name}`, /^-?\d+(?:\.\d+)?$/],
      [`progress ${name}`, /^-?\d+(?:\.\d+)?$/],
    ]),
  ),
};
