/**
 * An author's raw HTML made valid EPUB 3 XHTML: unknown elements become spans or divs (their text
 * kept), attributes outside the allowed set are dropped or mapped, elements out of place are moved or
 * renamed, embeds become links, and ids are made non-empty and unique. Each change that loses
 * something is reported, with a pattern that finds its source in the chapter's Markdown.
 */
import { Element, Text, type ChildNode } from 'domhandler';
import { EMBEDS, embedLink, embedSource, replaceNode } from '../../assemble/embeds.ts';
import {
  BLOCK,
  CHILDREN,
  ELEMENT_ATTRIBUTES,
  GLOBAL_ATTRIBUTES,
  INTEGER_ATTRIBUTES,
  INTERACTIVE,
  MAPPED_ATTRIBUTES,
  NOT_INSIDE,
  TEXT_ONLY,
  ATTRIBUTE_VALUES,
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
  /** Heading ids, which the navigation links to: another element that has one gives it up. */
  headings: Set<string>;
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
export function sanitizeElement(element: Element, place: Place, state: SanitizeState): Element | undefined {
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
  const why = misplacedBecause(element, place);
  if (why) {
    const name = place.phrasingOnly || onlyPhrasing(element) ? 'span' : 'div';
    state.report({ what: `\`<${element.name}>\` ${why}: written as a ${name}`, source: tag(original) });
    element.name = name;
  }
  if (element.name === 'img' && !element.attribs.src) {
    state.report({ what: '`<img>` without `src` is left out', source: tag('img') });
    return undefined;
  }
  attributes(element, original, state);
  // Elements whose content model needs what they lack, written as the plain element they then are.
  const children = element.children.filter((c): c is Element => c instanceof Element);
  if (element.name === 'time' && !element.attribs.datetime && children.length > 0) element.name = 'span';
  if (element.name === 'ruby' && !children.some((c) => c.name === 'rt')) element.name = 'span';
  if (TEXT_ONLY.has(element.name) && children.length > 0) {
    const text = new Text(textOf(element));
    text.parent = element;
    element.children = [text];
  }
  return element;
}

/** Why an element may not be where it is, if it may not. */
function misplacedBecause(element: Element, place: Place): string | undefined {
  const parent = element.parent instanceof Element ? element.parent.name : 'body';
  const parents = PARENTS[element.name];
  if (parents && !parents.includes(parent)) return `not allowed inside \`<${parent}>\``;
  if (place.phrasingOnly && !PHRASING.has(element.name)) return `not allowed inside \`<${parent}>\``;
  if (place.interactive && INTERACTIVE.has(element.name)) return 'inside another link or control';
  const forbidden = NOT_INSIDE[element.name];
  for (let up = element.parent; forbidden && up instanceof Element; up = up.parent) {
    if (forbidden.includes(up.name)) return `not allowed inside \`<${up.name}>\``;
  }
  return undefined;
}

const textOf = (node: ChildNode): string =>
  node instanceof Text ? node.data : node instanceof Element ? node.children.map(textOf).join('') : '';

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
    // Sizes and counts are whole numbers (a `px` after one is dropped); other values as HTML restricts them.
    const number = INTEGER_ATTRIBUTES.has(name) ? /^\s*(\d+)(px)?\s*$/.exec(value)?.[1] : undefined;
    const pattern = ATTRIBUTE_VALUES[`${element.name} ${name}`] ?? ATTRIBUTE_VALUES[`* ${name}`];
    if ((INTEGER_ATTRIBUTES.has(name) && number === undefined) || (pattern && !pattern.test(value))) {
      state.report({
        what: `\`<${original}>\` attribute \`${written}="${value}"\` has a value HTML does not allow: left out`,
        source: attribute(original, written),
      });
      continue;
    }
    if (number !== undefined) {
      kept[name] = number;
      continue;
    }
    kept[name] = name === 'class' && kept.class ? `${kept.class} ${value}` : value;
  }
  if (element.name === 'a' && !kept.href) for (const name of ['target', 'rel', 'hreflang', 'type']) delete kept[name];
  // Only boxes and radio buttons can be checked.
  if (element.name === 'input' && !/^(?:checkbox|radio)$/.test(kept.type ?? '')) delete kept.checked;
  if (kept.id !== undefined) uniqueId(kept, /^h[1-6]$/.test(original), state);
  if (element.name === 'img') kept.alt ??= '';
  element.attribs = kept;
}

/** Ids in XHTML are non-empty, without spaces, and unique in their document. */
function uniqueId(attribs: Record<string, string>, heading: boolean, state: SanitizeState): void {
  const base = attribs.id!.trim().replace(/\s+/g, '-');
  if (base === '') {
    delete attribs.id;
    return;
  }
  let id = base;
  const taken = (id: string) => state.ids.has(id) || (!heading && state.headings.has(id));
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  if (id !== base) {
    state.report({
      what: `the id \`${base}\` is used twice: the second is \`${id}\``,
      source: new RegExp(`id=["']?${escape(base)}`),
    });
  }
  state.ids.add(id);
  attribs.id = id;
}
