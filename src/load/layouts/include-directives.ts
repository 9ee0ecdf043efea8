/**
 * The grammar of mdBook's link directives, read as mdBook's `links` preprocessor reads them:
 *   `{{#TYPE PATH[:SELECTION] [ATTRIBUTES…]}}` — `{{`, optional spaces, `#`, a type of letters, digits
 *   or `_`, at least one space, then anything up to the first `}}` (no `}` inside);
 *   `\{{#…}}` is the escaped form: everything after the backslash up to the last `}}` of the line
 *   stays as text.
 * Types: include, rustdoc_include, playground (and its old name playpen), title. Anything mdBook
 * leaves as text stays text: another type (`{{#toc}}`, a Handlebars block), no space or no path
 * (`{{#include}}`).
 * SELECTION, after the first `:` of the path: `N` (line N), `N:` (from N), `:M` or `::M` (up to M),
 * `N:M`, an empty or unreadable end meaning "to the end"; else an anchor name. Lines count from 1.
 */

export const DIRECTIVE = /\\\{\{#.*\}\}|\{\{\s*#([a-zA-Z0-9_]+)\s+([^}]+)\}\}/g;

export type Selection = { anchor: string } | { from: number; to: number | undefined };

export type Directive =
  | { kind: 'escaped'; text: string }
  | { kind: 'title' }
  | { kind: 'include' | 'rustdoc_include'; path: string; selection: Selection }
  | { kind: 'playground'; path: string; attributes: string[] };

/** What a match of DIRECTIVE asks for, or undefined when mdBook leaves it as it is. */
export function parseDirective(match: RegExpMatchArray): Directive | undefined {
  const [whole, type, rest] = match;
  if (type === undefined) return { kind: 'escaped', text: whole.slice(1) };
  if (type === 'title') return { kind: 'title' };
  const [path, ...attributes] = rest!.trim().split(/\s+/);
  if (!path) return undefined;
  if (type === 'playground' || type === 'playpen') return { kind: 'playground', path, attributes };
  if (type !== 'include' && type !== 'rustdoc_include') return undefined;
  const colon = path.indexOf(':');
  if (colon === -1) return { kind: type, path, selection: { from: 0, to: undefined } };
  return { kind: type, path: path.slice(0, colon), selection: parseSelection(path.slice(colon + 1)) };
}

/** mdBook's `parse_range_or_anchor`. */
function parseSelection(text: string): Selection {
  const [first = '', second, ...more] = text.split(':');
  // splitn(3): a third field keeps its colons as part of the end.
  const endText = second === undefined ? undefined : [second, ...more].join(':');
  const number = (s: string) => (/^\d+$/.test(s) ? Number(s) : undefined);
  const start = number(first);
  if (start === undefined && first !== '') return { anchor: first };
  const end = endText === undefined ? undefined : number(endText);
  if (start !== undefined) {
    const from = Math.max(0, start - 1);
    if (endText === undefined) return { from, to: from + 1 };
    return { from, to: end };
  }
  return { from: 0, to: end };
}

const ANCHOR_START = /ANCHOR:\s*([\w_-]+)/;
const ANCHOR_END = /ANCHOR_END:\s*([\w_-]+)/;

/**
 * The selected lines of `text` (its trailing newline dropped), or undefined when the anchor is not
 * in it. Inside an anchor, lines with other anchors' markers are left out, as mdBook does.
 */
export function selectLines(text: string, selection: Selection): string | undefined {
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  if (!('anchor' in selection)) return lines.slice(selection.from, selection.to ?? lines.length).join('\n');
  const start = lines.findIndex((l) => ANCHOR_START.exec(l)?.[1] === selection.anchor);
  if (start === -1) return undefined;
  const kept: string[] = [];
  for (const l of lines.slice(start + 1)) {
    const end = ANCHOR_END.exec(l);
    if (end?.[1] === selection.anchor) break;
    if (!end && !ANCHOR_START.test(l)) kept.push(l);
  }
  return kept.join('\n');
}
