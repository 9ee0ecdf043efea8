/** A PDF read back as a reader meets it, to compare two PDFs page for page (poppler and pdfjs). */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { pdfPages, squeeze } from '../helpers.ts';

export interface PdfSummary {
  pages: string[];
  labels: string[] | null;
  /** Per page: where each link goes (a page index, or a URL). */
  links: (number | string)[][];
  outline: { title: string; page: number; children: { title: string; page: number }[] }[];
  destinations: Record<string, number>;
}

export async function summary(file: string): Promise<PdfSummary> {
  const doc = await getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise;
  try {
    // One request at a time: pdfjs' in-process worker stalls on many concurrent look-ups.
    const pageOf = async (dest: unknown): Promise<number> => {
      const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : (dest as unknown[]);
      return doc.getPageIndex(explicit![0] as { num: number; gen: number });
    };
    const links: (number | string)[][] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const annotations = (await (await doc.getPage(i)).getAnnotations()) as { dest?: unknown; url?: string }[];
      const targets: (number | string)[] = [];
      for (const a of annotations) targets.push(a.url ?? (a.dest ? await pageOf(a.dest) : -1));
      links.push(targets);
    }
    const outline = [];
    for (const item of (await doc.getOutline()) ?? []) {
      const children = [];
      for (const c of item.items) children.push({ title: c.title, page: await pageOf(c.dest) });
      outline.push({ title: item.title, page: await pageOf(item.dest), children });
    }
    const destinations: Record<string, number> = {};
    for (const [name, dest] of Object.entries(await doc.getDestinations())) destinations[name] = await pageOf(dest);
    return { pages: await pdfPages(file), labels: await doc.getPageLabels(), links, outline, destinations };
  } finally {
    await doc.destroy();
  }
}

/**
 * `squeezed`: compare each page's characters without white space (line breaks can differ in the text
 * poppler extracts from two prints of the same pages; the characters on each page cannot).
 */
export function assertSamePdf(actual: PdfSummary, expected: PdfSummary, what: string, squeezed = false): void {
  const text = (page: string) => (squeezed ? squeeze(page) : page);
  assert.equal(actual.pages.length, expected.pages.length, `${what}: page count`);
  actual.pages.forEach((page, i) =>
    assert.equal(text(page), text(expected.pages[i]!), `${what}: text of page ${i + 1}`),
  );
  assert.deepEqual(actual.labels, expected.labels, `${what}: page labels`);
  assert.deepEqual(actual.links, expected.links, `${what}: links`);
  assert.deepEqual(actual.outline, expected.outline, `${what}: bookmarks`);
  assert.deepEqual(actual.destinations, expected.destinations, `${what}: destinations`);
}
