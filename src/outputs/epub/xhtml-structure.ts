/**
 * Elements whose children must be of certain kinds, or come in a certain order (lists, tables,
 * figures, details): repaired so that the text stays where it was, in reading order, since the
 * navigation links into it in that order.
 */
import { Element, Text, type ChildNode } from 'domhandler';
import { CHILDREN } from './xhtml-model.ts';
import type { SanitizeState } from './xhtml-sanitize.ts';

const tag = (name: string) => new RegExp(`<${name}(?=[\\s/>])`, 'i');

/** The elements a stray child is wrapped in, by parent: a paragraph in a list becomes an item. */
const WRAPPERS: Record<string, string[]> = {
  ul: ['li'],
  ol: ['li'],
  table: ['tr', 'td'],
  thead: ['tr', 'td'],
  tbody: ['tr', 'td'],
  tfoot: ['tr', 'td'],
  tr: ['td'],
};

/**
 * Children an element cannot hold (text in a table, a paragraph in a list) are wrapped where they
 * are in what it can hold; where nothing could hold them (a select) they are returned, to be moved
 * before it.
 */
export function strayChildren(element: Element, state: SanitizeState): ChildNode[] {
  const allowed = CHILDREN[element.name];
  if (!allowed) return [];
  const isStray = (c: ChildNode) =>
    // XML's white space only: a no-break space is text.
    c instanceof Element ? !allowed.includes(c.name) : c instanceof Text && /[^ \t\r\n]/.test(c.data);
  const first = element.children.find(isStray);
  if (!first) return [];
  const what = first instanceof Element ? `\`<${first.name}>\`` : 'text';
  if (element.name === 'dl') {
    state.report({ what: `${what} inside \`<dl>\`: the list is written as divs`, source: tag('dl') });
    return asDivs(element);
  }
  const wrapper = WRAPPERS[element.name];
  if (!wrapper) {
    state.report({
      what: `${what} is not allowed inside \`<${element.name}>\`: moved before it`,
      source: tag(element.name),
    });
    const stray = element.children.filter(isStray);
    element.children = element.children.filter((c) => !stray.includes(c));
    return stray;
  }
  state.report({
    what: `${what} inside \`<${element.name}>\`: put in a \`<${wrapper.join('><')}>\``,
    source: tag(element.name),
  });
  const out: ChildNode[] = [];
  let run: ChildNode[] = [];
  const close = () => {
    if (run.length > 0) out.push(wrap(wrapper, run));
    run = [];
  };
  for (const child of element.children) {
    // White space between two strays goes with them; elsewhere it stays as it is.
    if (isStray(child) || (run.length > 0 && child instanceof Text)) run.push(child);
    else {
      close();
      out.push(child);
    }
  }
  close();
  element.children = out;
  for (const child of out) child.parent = element;
  return [];
}

function wrap(names: string[], children: ChildNode[]): Element {
  const inner = names.length > 1 ? [wrap(names.slice(1), children)] : children;
  const element = new Element(names[0]!, {}, inner);
  for (const child of inner) child.parent = element;
  return element;
}

function asDivs(list: Element): ChildNode[] {
  list.name = 'div';
  for (const c of list.children) if (c instanceof Element && (c.name === 'dt' || c.name === 'dd')) c.name = 'div';
  return [];
}

/** Structures whose children must come in an order: what is out of place is renamed. */
export function repairOrder(element: Element, state: SanitizeState): void {
  const children = element.children.filter((c): c is Element => c instanceof Element);
  if (element.name === 'figure') {
    // Line breaks after the caption (`<figcaption>…</figcaption><br><br>`) only add space below it.
    const lastCaption = children.findLastIndex((c) => c.name === 'figcaption');
    const after = children.slice(lastCaption + 1);
    if (lastCaption !== -1 && after.length > 0 && after.every((c) => c.name === 'br')) {
      state.report({ what: '`<br>` after a figure’s caption is left out', source: /<\/figcaption>\s*<br/i });
      element.children = element.children.filter((c) => !after.includes(c as Element));
    }
    const content = element.children.filter(
      (c) => c instanceof Element || (c instanceof Text && /[^ \t\r\n]/.test(c.data)),
    );
    const captions = children.filter((c) => c.name === 'figcaption');
    const keep = captions.find((c) => c === content[0] || c === content.at(-1));
    for (const c of captions) if (c !== keep) misplaced(c, 'div', element, state);
  } else if (element.name === 'details' && children[0]?.name !== 'summary') {
    misplaced(element, 'div', element.parent as Element, state);
    for (const c of children) if (c.name === 'summary') c.name = 'div';
  } else if (element.name === 'details') {
    children.forEach((c, i) => c.name === 'summary' && i > 0 && misplaced(c, 'div', element, state));
  } else if (element.name === 'dl') {
    // Groups of one or more dt followed by one or more dd; anything else is a list no longer.
    const names = children.map((c) => (c.name === 'dt' ? 't' : 'd')).join('');
    if (!/^(?:t+d+)*$/.test(names)) {
      state.report({ what: '`<dl>` whose terms and definitions do not alternate: written as divs', source: tag('dl') });
      asDivs(element);
    }
  } else if (element.name === 'table') {
    repairTable(element, children, state);
  }
}

const RANK: Record<string, number> = { caption: 0, colgroup: 1, thead: 2, tbody: 3, tr: 3, tfoot: 4 };

/**
 * caption?, colgroup*, thead?, (tbody* | tr+), tfoot?, without moving any text: a part out of order
 * becomes a body (a caption, a row of its own), a colgroup out of order goes, loose rows beside
 * bodies are put in bodies of their own.
 */
function repairTable(table: Element, children: Element[], state: SanitizeState): void {
  let rank = -1;
  const kept: Element[] = [];
  children.forEach((c, i) => {
    if (c.name === 'caption' && i > 0) {
      misplaced(c, 'td', table, state);
      kept.push(wrap(['tr'], [c]));
      rank = Math.max(rank, RANK.tr!);
      return;
    }
    if (
      RANK[c.name]! < rank ||
      (c.name === 'thead' && rank >= RANK.thead!) ||
      (c.name === 'tfoot' && i < children.length - 1)
    ) {
      if (c.name === 'colgroup') {
        state.report({ what: '`<colgroup>` after the rows of a table is left out', source: tag('colgroup') });
        return;
      }
      misplaced(c, 'tbody', table, state);
    }
    rank = Math.max(rank, RANK[c.name]!);
    kept.push(c);
  });
  const mixed = kept.some((c) => c.name === 'tr') && kept.some((c) => ['thead', 'tbody', 'tfoot'].includes(c.name));
  const made = new Set<Element>();
  const parts: Element[] = [];
  for (const c of kept) {
    const body = parts.at(-1);
    if (!mixed || c.name !== 'tr') parts.push(c);
    else if (body && made.has(body)) body.children.push(c);
    else {
      const fresh = new Element('tbody', {}, [c]);
      made.add(fresh);
      parts.push(fresh);
    }
  }
  for (const part of parts) part.parent = table;
  for (const body of made) for (const row of body.children) row.parent = body;
  table.children = parts;
}

function misplaced(element: Element, name: string, parent: Element | null, state: SanitizeState): void {
  state.report({
    what: `\`<${element.name}>\` out of place${parent ? ` in \`<${parent.name}>\`` : ''}: written as a ${name}`,
    source: tag(element.name),
  });
  element.name = name;
}
