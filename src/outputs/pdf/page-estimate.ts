/**
 * How many pages a loaded print document will take, without printing it: its content laid out in
 * columns the size of the page area, where Chromium breaks blocks, lines, tables and images the
 * same way it breaks them across pages (one fragmentation engine), forced page breaks made column
 * breaks. A long book's parts use it to print side by side (parts.ts): each part needs to know the
 * page it starts on. It is a forecast, checked against the print: a wrong one costs time, never
 * a wrong page.
 */
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { KATEX_CSS } from '../../assemble/math-assets.ts';

/**
 * Style sheets the page may not read (a file: document reads no other file's rules) that are known
 * to break no page: the formulas' styles.
 */
const BREAK_FREE = [pathToFileURL(KATEX_CSS).href];

/** Pages from the element `from` (a selector) to the end; undefined when the page cannot tell. */
export async function estimatePages(page: Page, area: { width: string; height: string }, from: string) {
  await page.emulateMediaType('print');
  try {
    const pages = await page.evaluate(inColumns, area, from, BREAK_FREE);
    return pages ?? undefined;
  } finally {
    await page.emulateMediaType(undefined);
  }
}

/** Runs in the page, and leaves it as it found it. */
function inColumns(area: { width: string; height: string }, from: string, breakFree: string[]): number | null {
  const FORCED = new Set(['page', 'left', 'right', 'recto', 'verso', 'always']);
  const sheet = document.createElement('style');
  const rules: string[] = [
    // On the body itself: moving its children into a box of columns would make Chromium style them all
    // again, for this layout and once more for the print.
    `html > body.quire-estimate { column-width: ${area.width} !important; width: ${area.width} !important;` +
      ` height: ${area.height} !important; column-gap: 0 !important; column-fill: auto !important;` +
      ' display: block !important; min-width: 0 !important; max-width: none !important; max-height: none !important; }',
    'html, body { margin: 0 !important; padding: 0 !important; }',
  ];
  // The same selectors with column breaks, later in the cascade than the page breaks they stand for.
  const stack: CSSRuleList[] = [];
  for (const sheet of document.styleSheets) {
    try {
      stack.push(sheet.cssRules);
    } catch {
      // A style sheet the page may not read: its breaks are unknown.
      if (!sheet.href || !breakFree.includes(sheet.href)) return null;
    }
  }
  for (let list = stack.pop(); list; list = stack.pop()) {
    for (const rule of list) {
      if (rule instanceof CSSStyleRule) {
        const before = FORCED.has(rule.style.breakBefore) || rule.style.pageBreakBefore === 'always';
        const after = FORCED.has(rule.style.breakAfter) || rule.style.pageBreakAfter === 'always';
        if (before) rules.push(`${rule.selectorText} { break-before: column; }`);
        if (after) rules.push(`${rule.selectorText} { break-after: column; }`);
      } else if (rule instanceof CSSMediaRule && matchMedia(rule.conditionText).matches) stack.push(rule.cssRules);
    }
  }
  const inline: [HTMLElement, string, string][] = [];
  for (const e of document.querySelectorAll<HTMLElement>('[style*="break"]')) {
    inline.push([e, e.style.breakBefore, e.style.breakAfter]);
    if (FORCED.has(e.style.breakBefore)) e.style.breakBefore = 'column';
    if (FORCED.has(e.style.breakAfter)) e.style.breakAfter = 'column';
  }
  sheet.textContent = rules.join('\n');
  document.head.append(sheet);
  const body = document.body;
  body.classList.add('quire-estimate');
  try {
    const start = document.querySelector(from);
    const width = body.getBoundingClientRect().width;
    if (!start || !(width > 0)) return null;
    const left = body.getBoundingClientRect().left;
    const first = Math.floor((start.getBoundingClientRect().left - left) / width + 0.001);
    return Math.round(body.scrollWidth / width) - first;
  } finally {
    body.classList.remove('quire-estimate');
    if (body.classList.length === 0) body.removeAttribute('class');
    sheet.remove();
    for (const [e, before, after] of inline) {
      e.style.breakBefore = before;
      e.style.breakAfter = after;
    }
  }
}
