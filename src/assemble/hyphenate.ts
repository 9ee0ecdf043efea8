/**
 * Soft hyphens for the print document. Chromium hyphenates only with dictionaries Debian's build
 * does not ship (`hyphens: auto` does nothing there), so justified text would open rivers of space;
 * the `hyphen` package's TeX patterns mark where each word may break, per language (the book's,
 * or a passage's `lang`). Code, keyboard input, formulas and anything that looks like a URL, a
 * path or an address keep their characters as written.
 */
import { createRequire } from 'node:module';
import { regionOf } from '../util/languages.ts';

type Hyphenator = (text: string) => string;

/** Elements whose text is never hyphenated. */
const KEEP = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style', 'math', 'svg', 'var', 'tt', 'textarea']);
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
/** Words shorter than this are left whole. */
const MIN_WORD = 6;
/** Blocks that print justified (print.css): only their text is hyphenated, never a heading or a caption. */
const JUSTIFIED = new Set(['p', 'li', 'dd']);

const loaded = new Map<string, Hyphenator | undefined>();
const require = createRequire(import.meta.url);

/** The hyphenator of a language tag (`en-GB`, then `en`), or undefined when there are no patterns for it. */
export function hyphenatorFor(language: string): Hyphenator | undefined {
  const tag = language.toLowerCase();
  if (regionOf(tag)) return undefined;
  if (loaded.has(tag)) return loaded.get(tag);
  let found: Hyphenator | undefined;
  for (const name of [tag, tag.split('-')[0]!]) {
    if (!/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(name)) continue;
    try {
      const { hyphenateSync } = require(`hyphen/${name}`) as {
        hyphenateSync: (text: string, options: object) => string;
      };
      found = (text) => hyphenateSync(text, { hyphenChar: '\u00ad', minWordLength: MIN_WORD });
      break;
    } catch {
      // No patterns under this name: try the next, else leave the language alone.
    }
  }
  loaded.set(tag, found);
  return found;
}

/**
 * A token that is a URL, a path, an address, an identifier (digits, inner capitals, underscores)
 * or no word at all (longer than any): left as written.
 */
const LITERAL =
  /^(?:\S*:\/\/\S*|www\.\S*|\S*@\S*|\S*[/\\]\S*|\S*&\S*;\S*|\S*[._]\S*[._]\S*|\S*\d\S*|\S*_\S*|\S*\p{Ll}\p{Lu}\S*|\S{40,})$/u;

function hyphenateText(text: string, hyphenate: Hyphenator): string {
  return text
    .split(/(\s+)/)
    .map((token) =>
      token.length < MIN_WORD || /^\s/.test(token) || LITERAL.test(token) || token.includes('\u00ad')
        ? token
        : hyphenate(token),
    )
    .join('');
}

/** `html` with soft hyphens in its text, by the language of each passage (`language` outside any `lang`). */
export function hyphenateHtml(html: string, language: string): string {
  // A CJK book without passages in another language has nothing to hyphenate: skip the walk.
  if (!hyphenatorFor(language) && !/\slang\s*=/i.test(html)) return html;
  const stack: Open[] = [];
  const current = () => {
    let lang = language;
    for (const open of stack) if (open.lang) lang = open.lang;
    return { lang, keep: stack.some((open) => open.keep) || !stack.some((open) => open.justified) };
  };
  return html.replace(/(<!--[\s\S]*?-->|<[^>]*>)|([^<]+)/g, (match, tag: string | undefined) => {
    if (tag) {
      track(tag, stack);
      return match;
    }
    const { lang, keep } = current();
    const hyphenate = keep ? undefined : hyphenatorFor(lang);
    return hyphenate ? hyphenateText(match, hyphenate) : match;
  });
}

interface Open {
  name: string;
  lang?: string;
  /** Its text is never hyphenated (code, formulas). */
  keep: boolean;
  /** A justified block (not a title set as a paragraph). */
  justified: boolean;
}

function track(tag: string, stack: Open[]): void {
  const m = /^<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>$/.exec(tag);
  if (!m) return;
  const [, closing, rawName, attributes, selfClosing] = m;
  const name = rawName!.toLowerCase();
  if (closing) {
    const at = stack.map((o) => o.name).lastIndexOf(name);
    if (at !== -1) stack.length = at;
    return;
  }
  if (VOID.has(name) || selfClosing) return;
  const lang = /\slang\s*=\s*["']?([A-Za-z0-9-]+)/i.exec(attributes!)?.[1];
  const className = /\sclass\s*=\s*["']([^"']*)/.exec(attributes!)?.[1] ?? '';
  const keep = KEEP.has(name) || /\bkatex\b/.test(className);
  stack.push({ name, lang, keep, justified: JUSTIFIED.has(name) && !/title/.test(className) });
}
