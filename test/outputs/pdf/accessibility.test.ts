/**
 * The PDF read back for what PDF/UA-1 asks that Quire can check without veraPDF: an XMP metadata
 * stream that parses and says what book.yaml says, the PDF/UA-1 identification (only when every
 * image is described), DisplayDocTitle, /Lang, every Figure of the structure tree with alt text,
 * and the running heads outside the structure tree.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { parse as parseYaml } from 'yaml';
import { ROOT, runCli, squeeze, tempDir, writeBook } from '../../helpers.ts';

const run = promisify(execFile);
const EPOCH = 1_700_000_000;
const NS = {
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  pdfuaid: 'http://www.aiim.org/pdfua/ns/id/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
};

async function buildPdf(root: string): Promise<string> {
  const out = await tempDir();
  const result = await runCli(['build', root, '--out', out, '--format', 'pdf'], {
    env: { SOURCE_DATE_EPOCH: String(EPOCH) },
  });
  assert.equal(result.code, 0, result.stderr);
  const name = readdirSync(out).find((f) => f.endsWith('.pdf'));
  assert.ok(name, 'no PDF written');
  return join(out, name);
}

/** The XMP packet as `pdfinfo -meta` prints it, parsed strictly (any XML error fails the test). */
async function xmp(file: string): Promise<Document> {
  const { stdout } = await run('pdfinfo', ['-meta', file], { maxBuffer: 16 * 1024 * 1024 });
  assert.match(stdout, /<x:xmpmeta/);
  const parser = new DOMParser({
    onError: (level, message) => {
      throw new Error(`XMP does not parse (${level}): ${message}`);
    },
  });
  return parser.parseFromString(stdout.trim(), 'text/xml') as unknown as Document;
}

/** The texts of the `rdf:li` items of an XMP property (or its own text when it has none). */
function xmpValues(doc: Document, ns: string, name: string): string[] {
  const property = doc.getElementsByTagNameNS(ns, name)[0] as unknown as XmlElement | undefined;
  if (!property) return [];
  const items = property.getElementsByTagNameNS(NS.rdf, 'li');
  return items.length > 0
    ? Array.from({ length: items.length }, (_, i) => items.item(i)!.textContent ?? '')
    : [property.textContent ?? ''];
}

interface StructNode {
  role?: string;
  alt?: string;
  type?: string;
  id?: string;
  children?: StructNode[];
}

interface PageTags {
  figures: { alt: string | undefined }[];
  /** Text outside any marked content: what the structure tree cannot refer to. */
  untagged: string;
  /** Marked-content ids the structure tree refers to. */
  referenced: Set<string>;
}

async function readTags(file: string): Promise<PageTags[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise;
  try {
    const pages: PageTags[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const tags: PageTags = { figures: [], untagged: '', referenced: new Set() };
      const walk = (node: StructNode) => {
        if (node.role === 'Figure') tags.figures.push({ alt: node.alt });
        if (node.type === 'content' && node.id) tags.referenced.add(node.id);
        node.children?.forEach(walk);
      };
      const tree = (await page.getStructTree()) as StructNode | null;
      if (tree) walk(tree);
      let depth = 0;
      const content = await page.getTextContent({ includeMarkedContent: true });
      for (const item of content.items as { type?: string; str?: string }[]) {
        if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') depth++;
        else if (item.type === 'endMarkedContent') depth--;
        else if (depth === 0) tags.untagged += item.str ?? '';
      }
      pages.push(tags);
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

const config = parseYaml(readFileSync(join(ROOT, 'book.yaml'), 'utf8')) as {
  title: string;
  authors: string[];
  language: string;
  description: string;
};
/** The sample book's images, with the alt text each is written with. */
const sourceImages = readdirSync(join(ROOT, 'chapters'))
  .filter((f) => f.endsWith('.md'))
  .flatMap((f) => [...readFileSync(join(ROOT, 'chapters', f), 'utf8').matchAll(/!\[([^\]]*)\]\(/g)].map((m) => m[1]!));

describe('the sample book’s PDF', () => {
  let file: string;
  let pages: PageTags[];
  before(async () => {
    file = await buildPdf(ROOT);
    pages = await readTags(file);
  });

  test('has an XMP metadata stream that parses, says what book.yaml says and names PDF/UA-1', async () => {
    const { stdout } = await run('pdfinfo', [file]);
    assert.match(stdout, /^Metadata Stream:\s+yes$/m);
    const doc = await xmp(file);
    assert.deepEqual(xmpValues(doc, NS.dc, 'title'), [config.title]);
    assert.deepEqual(xmpValues(doc, NS.dc, 'creator'), config.authors);
    assert.deepEqual(xmpValues(doc, NS.dc, 'language'), [config.language]);
    assert.deepEqual(xmpValues(doc, NS.dc, 'description'), [config.description]);
    const date = new Date(EPOCH * 1000).toISOString().replace('.000Z', 'Z');
    assert.deepEqual(xmpValues(doc, NS.xmp, 'CreateDate'), [date]);
    assert.deepEqual(xmpValues(doc, NS.xmp, 'ModifyDate'), [date]);
    assert.deepEqual(xmpValues(doc, NS.pdfuaid, 'part'), ['1']);
  });

  test('shows its title in the window and declares its language', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise;
    try {
      assert.deepEqual(await doc.getViewerPreferences(), { DisplayDocTitle: true });
      const { info } = (await doc.getMetadata()) as { info: { Language?: string } };
      assert.equal(info.Language, config.language);
    } finally {
      await doc.destroy();
    }
  });

  test('tags each image as a Figure with its alt text, and no Figure without', () => {
    const figures = pages.flatMap((p) => p.figures);
    assert.ok(sourceImages.length > 0);
    assert.deepEqual(
      figures.map((f) => f.alt),
      sourceImages,
    );
  });

  test('tags each table header cell as a TH with its scope', async () => {
    // Header cells in the source: those of the row above each table's `|---|` delimiter row.
    const headers = readdirSync(join(ROOT, 'chapters'))
      .filter((f) => f.endsWith('.md'))
      .flatMap((f) => readFileSync(join(ROOT, 'chapters', f), 'utf8').split('\n'))
      .flatMap((line, i, lines) =>
        /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line) && lines[i - 1]?.includes('|')
          ? lines[i - 1]!.replace(/^\s*\||\|\s*$/g, '').split('|')
          : [],
      );
    // Chromium writes structure elements uncompressed: each TH with its attributes, read as text.
    const text = (await readFile(file)).toString('latin1');
    const th = [...text.matchAll(/<<\/Type \/StructElem\s*\/S \/TH\b[\s\S]*?>>\s*endobj/g)].map((m) => m[0]);
    assert.ok(headers.length > 0);
    assert.equal(th.length, headers.length);
    for (const cell of th) assert.match(cell, /\/Scope \/(Column|Row|Both)/);
  });

  test('keeps running heads out of the structure tree', () => {
    // Each chapter page prints the book's title at its head (print-css.ts): outside marked content.
    const title = squeeze(config.title);
    const withHead = pages.filter((p) => squeeze(p.untagged).includes(title));
    assert.ok(withHead.length > pages.length / 2, `${withHead.length} of ${pages.length} pages`);
    for (const page of withHead) assert.ok(page.referenced.size > 0, 'the page’s body is tagged');
  });
});

test('a book with an image without alt text is not declared PDF/UA', async () => {
  const png = readFileSync(join(ROOT, 'chapters', 'images', 'docker-architecture.png'));
  const root = await writeBook({
    'book.yaml': 'title: Undescribed\nlanguage: en\n',
    'chapters/01-one.md': '# One\n\nAn image: ![](a.png)\n',
    'chapters/a.png': png,
  });
  const file = await buildPdf(root);
  const doc = await xmp(file);
  assert.deepEqual(xmpValues(doc, NS.dc, 'title'), ['Undescribed']);
  assert.deepEqual(xmpValues(doc, NS.pdfuaid, 'part'), []);
  // Chromium tags it as a Figure with nothing to say: the reason for the missing claim.
  const figures = (await readTags(file)).flatMap((p) => p.figures);
  assert.deepEqual(
    figures.map((f) => f.alt),
    [undefined],
  );
});
