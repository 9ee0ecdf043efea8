/**
 * An author's raw HTML made valid EPUB 3 XHTML: unknown elements become spans or divs (their text
 * kept), attributes outside the allowed set are dropped or mapped, elements out of place are moved or
 * renamed, embeds become links, and ids are made non-empty and unique. Each change that loses
 * something is reported, with a pattern that finds its source in the chapter's Markdown.
 */
import { Element, Text, type ChildNode } from 'domhandler';
import { EMBEDS, embedLink, embedSource, replaceNode } from '../assemble/embeds.ts';
import {
  BLOCK,
  CHILDREN,
  ELEMENT_ATTRIBUTES,
  GLOBAL_ATTRIBUTES,
  INTEGER_ATTRIBUTES,
  INTERACTIVE,
  MAPPED_ATTRIBUTES,
  PARENTS,
  PHRASING,
  RENAMED,
} from './xhtml-model.ts';

export interface Change {
  /** What was changed, for the warning. */
  what: string;
  /** Finds the change's source in the Markdown (its line is the warning's). */
  source: RegExp;
}

export interface SanitizeState {
  /** Ids used so far in the document (a long chapter's pieces share one). */
  ids: Set<string>;
  report: (change: Change) => void;
}

interface Place {
  phrasingOnly: boolean;
  interactive: boolean;
}

const KNOWN = new Set([...PHRASING, ...BLOCK, ...Object.keys(PARENTS), ...Object.keys(CHILDREN), 'datalist']);
const XML_NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const tag = (name: string) => new RegExp(`<${escape(name)}(?=[\\s/>])`, 'i');
const attribute = (element: string, name: string) =>
  new RegExp(`<${escape(element)}\\b[^>]*\\s${escape(name)}\\s*=`, 'i');

/** Sanitize one element (already known to be HTML, not SVG or MathML) in place; returns what stands in its place. */
export function sanitizeElement(element: Element, place: Place, state: SanitizeState): ChildNode {
  const original = element.name;
  if (EMBEDS.has(original)) {
    const link = embedLink(element);
    const src = embedSource(element)?.trim() ?? '';
    const remote = link.children.some((c) => c instanceof Element);
    state.report({
      what: `\`<${original}>\`${src ? ` of \`${src}\`` : ''} is written as ${remote ? 'a link to it' : 'its title (the file is not packaged)'}`,
      source: src ? new RegExp(escape(src)) : tag(original),
    });
    replaceNode(element, link);
    return sanitizeElement(link, place, state);
  }
  if (original === 'font' && element.attribs.color && !element.attribs.style) {
    element.attribs = { ...element.attribs, style: `color: ${element.attribs.color}` };
    delete element.attribs.color;
  }
  element.name = RENAMED[original] ?? original;
  if (!KNOWN.has(element.name)) {
    element.name = place.phrasingOnly || onlyPhrasing(element) ? 'span' : 'div';
    state.report({
      what: `\`<${original}>\` is not an HTML element: written as a ${element.name}`,
      source: tag(original),
    });
  }
  const parents = PARENTS[element.name];
  const parent = element.parent instanceof Element ? element.parent.name : '';
  const blockInPhrasing = place.phrasingOnly && !PHRASING.has(element.name);
  const nestedInteractive = place.interactive && INTERACTIVE.has(element.name);
  if ((parents && !parents.includes(parent)) || blockInPhrasing || nestedInteractive) {
    const name = place.phrasingOnly || onlyPhrasing(element) ? 'span' : 'div';
    const why = nestedInteractive ? 'inside another link or control' : `not allowed inside \`<${parent || 'body'}>\``;
    state.report({ what: `\`<${element.name}>\` ${why}: written as a ${name}`, source: tag(original) });
    element.name = name;
  }
  attributes(element, original, state);
  return element;
}

/** True when nothing inside is a block. */
function onlyPhrasing(element: Element): boolean {
  return element.children.every((c) => !(c instanceof Element) || (PHRASING.has(c.name) && onlyPhrasing(c)));
}

function attributes(element: Element, original: string, state: SanitizeState): void {
  const allowed = ELEMENT_ATTRIBUTES[element.name] ?? [];
  const kept: Record<string, string> = {};
  for (const [written, value] of Object.entries(element.attribs)) {
    const name = MAPPED_ATTRIBUTES[written] ?? written;
    const ok =
      XML_NAME.test(name) &&
      !value.startsWith('{') &&
      (GLOBAL_ATTRIBUTES.has(name) ||
        allowed.includes(name) ||
        /^(?:aria|data)-[a-z][a-z0-9._-]*$/.test(name) ||
        name === 'epub:type' ||
        name === 'xml:lang');
    if (!ok) {
      // `on…` handlers are dropped without a word: scripts never run in a book.
      if (!written.startsWith('on')) {
        state.report({
          what: `\`<${original}>\` attribute \`${written}\` is not allowed in EPUB XHTML: left out`,
          source: attribute(original, written.replace(/[^\w:.-].*$/, '')),
        });
      }
      continue;
    }
    if (INTEGER_ATTRIBUTES.has(name)) {
      const number = /^\s*(\d+)(px)?\s*$/.exec(value)?.[1];
      if (number !== undefined) kept[name] = number;
      continue;
    }
    kept[name] = name === 'class' && kept.class ? `${kept.class} ${value}` : value;
  }
  if (kept.id !== undefined) uniqueId(kept, state);
  if (element.name === 'img') kept.alt ??= '';
  element.attribs = kept;
}

/** Ids in XHTML are non-empty, without spaces, and unique in their document. */
function uniqueId(attribs: Record<string, string>, state: SanitizeState): void {
  const base = attribs.id!.trim().replace(/\s+/g, '-');
  if (base === '') {
    delete attribs.id;
    return;
  }
  let id = base;
  for (let n = 2; state.ids.has(id); n++) id = `${base}-${n}`;
  if (id !== base) {
    state.report({
      what: `the id \`${base}\` is used twice: the second is \`${id}\``,
      source: new RegExp(`id=["']?${escape(base)}`),
    });
  }
  state.ids.add(id);
  attribs.id = id;
}

/**
 * Children an element cannot hold (text in a table, a paragraph in a list) are moved out before it,
 * where a browser's parser puts them; returns what was moved.
 */
export function strayChildren(element: Element, state: SanitizeState): ChildNode[] {
  const allowed = CHILDREN[element.name];
  if (!allowed) return [];
  const stray = element.children.filter((c) =>
    c instanceof Element ? !allowed.includes(c.name) : c instanceof Text && c.data.trim() !== '',
  );
  if (stray.length === 0) return [];
  element.children = element.children.filter((c) => !stray.includes(c));
  const first = stray[0]!;
  const name = first instanceof Element ? `\`<${first.name}>\`` : 'text';
  state.report({
    what: `${name} is not allowed directly inside \`<${element.name}>\`: moved before it`,
    source: tag(element.name),
  });
  return stray;
}

/** Structures whose children must come in an order: what is out of place is renamed, or returned to move out. */
export function repairOrder(element: Element, state: SanitizeState): ChildNode[] {
  const children = element.children.filter((c): c is Element => c instanceof Element);
  if (element.name === 'figure') {
    const captions = children.filter((c) => c.name === 'figcaption');
    const keep = captions.find((c) => c === children[0] || c === children.at(-1));
    for (const c of captions) if (c !== keep) misplaced(c, 'div', element, state);
  } else if (element.name === 'details') {
    children.forEach((c, i) => c.name === 'summary' && i > 0 && misplaced(c, 'div', element, state));
  } else if (element.name === 'dl') {
    // Groups of one or more dt followed by one or more dd; anything else is a list no longer.
    const names = children.map((c) => (c.name === 'dt' ? 't' : 'd')).join('');
    if (!/^(?:t+d+)*$/.test(names)) {
      for (const c of children) misplaced(c, 'div', element, state);
      element.name = 'div';
    }
  } else if (element.name === 'table') {
    return repairTable(element, children, state);
  }
  return [];
}

const TABLE_RANK: Record<string, number> = { caption: 0, colgroup: 1, thead: 2, tbody: 3, tr: 3, tfoot: 4 };

/** caption?, colgroup*, thead?, (tbody* | tr+), tfoot?: a second caption moves out, a second head or foot is a body, loose rows join a body. */
function repairTable(table: Element, children: Element[], state: SanitizeState): ChildNode[] {
  const moved: ChildNode[] = [];
  const seen = new Set<string>();
  const kept: Element[] = [];
  for (const c of children) {
    if (seen.has(c.name) && ['caption', 'thead', 'tfoot'].includes(c.name)) {
      const caption = c.name === 'caption';
      misplaced(c, caption ? 'div' : 'tbody', table, state);
      if (caption) {
        moved.push(c);
        continue;
      }
    }
    seen.add(c.name);
    kept.push(c);
  }
  const sorted = kept.sort((a, b) => TABLE_RANK[a.name]! - TABLE_RANK[b.name]!);
  const rows = sorted.filter((c) => c.name === 'tr');
  let parts: Element[] = sorted;
  if (rows.length > 0 && sorted.some((c) => c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot')) {
    const body = new Element('tbody', {}, rows);
    for (const row of rows) row.parent = body;
    const at = sorted.indexOf(rows[0]!);
    const others = (list: Element[]) => list.filter((c) => c.name !== 'tr');
    parts = [...others(sorted.slice(0, at)), body, ...others(sorted.slice(at))];
  }
  table.children = parts;
  for (const c of parts) c.parent = table;
  return moved;
}

function misplaced(element: Element, name: string, parent: Element, state: SanitizeState): void {
  state.report({
    what: `\`<${element.name}>\` out of place in \`<${parent.name}>\`: written as a ${name}`,
    source: tag(element.name),
  });
  element.name = name;
}
