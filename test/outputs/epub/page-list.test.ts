/**
 * The print edition's page numbers in the EPUB: built with the PDF, the sample book's EPUB marks
 * where the PDF's pages start and lists them; the text after each mark is read back from the PDF
 * (pdfjs) on the page with that label. Built alone, the EPUB has no page list and claims none.
 */
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type JSZip from 'jszip';
import { build } from '../../../src/index.ts';
import { markPageStarts } from '../../../src/assemble/page-marks.ts';
import { ROOT, epubcheck, htmlText, readEpub, squeeze, tempDir } from '../../helpers.ts';
import { aceFindings } from '../../support/ace.ts';
import { watch, type Watcher } from '../../../src/watch/watch.ts';
import { editParagraph } from '../../bench/edits.ts';
import { generateBook, type GeneratedBook } from '../../bench/generate-book.ts';

let out: string;
before(async () => {
  out = await tempDir('quire-page-list-');
});
after(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

/** Text as compared: no white space, no hyphens (the print breaks words at line ends), NFKC. */
const plain = (text: string) => squeeze(text.normalize('NFKC')).replace(/[-\u2010]/g, '');

/** The chapter documents in reading order, from the package's spine. */
async function spineDocuments(zip: JSZip): Promise<{ href: string; xhtml: string }[]> {
  const opf = await zip.file('OEBPS/content.opf')!.async('string');
  const hrefs = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]));
  const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => hrefs.get(m[1]!)!);
  const documents = spine.filter((href) => href !== 'toc.xhtml' && href !== 'cover.xhtml');
  return Promise.all(
    documents.map(async (href) => ({ href, xhtml: await zip.file(`OEBPS/${href}`)!.async('string') })),
  );
}

interface Marker {
  href: string;
  id: string;
  label: string;
  /** The first 20 characters of text after it, as `plain` gives them. */
  after: string;
}

const PAGEBREAK = /<span\b[^>]*epub:type="pagebreak"[^>]*>(?:<\/span>)?/g;
const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

function markersOf(documents: { href: string; xhtml: string }[]): Marker[] {
  return documents.flatMap(({ href, xhtml }) =>
    [...xhtml.matchAll(PAGEBREAK)].map((m) => {
      const following = xhtml.slice(m.index + m[0].length).replace(PAGEBREAK, '');
      return {
        href,
        id: attribute(m[0], 'id')!,
        label: attribute(m[0], 'aria-label')!,
        after: [...plain(htmlText(following))].slice(0, 20).join(''),
      };
    }),
  );
}

describe('an EPUB built with the PDF carries the print edition’s page numbers', () => {
  let epub: string;
  let zip: JSZip;
  let markers: Marker[];
  /** Each PDF page's text (`plain`), by the page's label. */
  const pdfText = new Map<string, string>();
  let labels: string[];

  before(async () => {
    const result = await build({ root: ROOT, outDir: join(out, 'both'), formats: ['pdf', 'epub'] });
    epub = result.files.epub![0]!;
    zip = await readEpub(epub);
    markers = markersOf(await spineDocuments(zip));
    const pdf = await getDocument({ url: result.files.pdf![0]!, verbosity: 0 }).promise;
    labels = (await pdf.getPageLabels()) ?? [];
    for (let i = 1; i <= pdf.numPages; i++) {
      const content = await (await pdf.getPage(i)).getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str : '')).join('');
      pdfText.set(labels[i - 1] ?? String(i), plain(text));
    }
    await pdf.destroy();
  });

  test('the PDF labels its pages, roman before the first chapter and arabic from 1', () => {
    assert.ok(labels.length > 0, 'the PDF has page labels');
    assert.match(labels[0]!, /^[ivxlc]+$/);
    assert.ok(labels.includes('1'), 'page 1 is labelled');
  });

  test('the text after every page break is printed on the page of its label', () => {
    assert.ok(markers.length >= 10, `only ${markers.length} page breaks`);
    const wrong = markers.filter((m) => !pdfText.get(m.label)?.includes(m.after));
    assert.deepEqual(
      wrong.map((m) => `${m.href}#${m.id} (page ${m.label}): ${m.after}`),
      [],
      'text after a page break that is not on that page',
    );
  });

  test('page breaks follow the pages in order, one per page, front matter in roman', () => {
    const order = markers.map((m) => labels.indexOf(m.label));
    assert.ok(!order.includes(-1), 'every label is a page of the PDF');
    for (let i = 1; i < order.length; i++)
      assert.ok(order[i]! > order[i - 1]!, `${markers[i]!.label} after ${markers[i - 1]!.label}`);
    // The body's pages: every one on which a chapter's text starts a paragraph, a row or a line has its break.
    const body = markers.filter((m) => /^\d+$/.test(m.label)).map((m) => Number(m.label));
    const last = Number(labels.at(-1));
    assert.ok(body.length >= last * 0.9, `${body.length} of ${last} body pages marked`);
  });

  test('the navigation document lists every page break, in order, hidden', async () => {
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
    const list = /<nav epub:type="page-list" role="doc-pagelist"[^>]* hidden="[^"]*">([\s\S]*?)<\/nav>/.exec(nav);
    assert.ok(list, 'a page-list nav');
    const entries = [...list[1]!.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(
      entries,
      markers.map((m) => `${m.href}#${m.id} ${m.label}`),
    );
    const chapter = await zip.file(`OEBPS/${markers[0]!.href}`)!.async('string');
    const first = new RegExp(`<span(?=[^>]* role="doc-pagebreak")[^>]* aria-label="${markers[0]!.label}"`);
    assert.match(chapter, first);
  });

  test('the package names the print edition and states page navigation', async () => {
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    const source = /<dc:source id="([^"]+)">[^<]*print edition[^<]*\.pdf\)<\/dc:source>/.exec(opf);
    assert.ok(source, 'dc:source names the PDF');
    assert.match(opf, new RegExp(`<meta refines="#${source[1]}" property="source-of">pagination</meta>`));
    assert.match(opf, /<meta property="schema:accessibilityFeature">pageBreakMarkers<\/meta>/);
    assert.match(opf, /<meta property="schema:accessibilityFeature">pageNavigation<\/meta>/);
    assert.match(opf, /schema:accessibilitySummary[^>]*>[^<]*頁碼/);
  });

  test('epubcheck finds nothing, and neither does Ace', async () => {
    const [report, findings] = await Promise.all([epubcheck(epub), aceFindings(epub)]);
    assert.deepEqual(
      [report.fatals, report.errors, report.warnings],
      [0, 0, 0],
      report.messages.map((m) => `${m.ID} ${m.message}`).join('\n'),
    );
    assert.deepEqual(
      findings.map((f) => `${f.where}: ${f.rule} (${f.impact}) ${f.description}`),
      [],
    );
  });
});

test('an EPUB built without the PDF has no page list and says nothing of page numbers', async () => {
  const result = await build({ root: ROOT, outDir: join(out, 'alone'), formats: ['epub'] });
  const zip = await readEpub(result.files.epub![0]!);
  const documents = await spineDocuments(zip);
  const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
  const opf = await zip.file('OEBPS/content.opf')!.async('string');
  assert.equal(markersOf(documents).length, 0);
  assert.ok(!documents.some((d) => /pagebreak|quire-page/.test(d.xhtml)), 'no page marks left in the chapters');
  assert.doesNotMatch(nav, /page-list/);
  assert.doesNotMatch(opf, /dc:source|pageBreakMarkers|pageNavigation|頁碼/);
});

test('page marks go before the first text of each block and of each code line, never inside a drawing or control', () => {
  const html = [
    '<h2 id="a">Title</h2>',
    '<ul><li><p>one</p></li><li>two</li></ul>',
    '<pre><code><span class="k">let</span> a;\n  b();\n\n</code></pre>',
    '<table><tr><th>A</th><th>B</th></tr><tr><td></td><td>x &amp; y</td></tr></table>',
    '<figure><img src="a.png" alt="x"><figcaption>Cap</figcaption></figure>',
    '<p><button>b</button> after</p><p><svg><text>t</text></svg></p>',
  ].join('\n');
  const marked = markPageStarts(html, 'm-').replace(/<span class="quire-page-mark" id="m-(\d+)"><\/span>/g, '[$1]');
  assert.equal(
    marked,
    [
      '<h2 id="a">[1]Title</h2>',
      '<ul><li><p>[2]one</p></li><li>[3]two</li></ul>',
      '<pre><code><span class="k">[4]let</span> a;\n  [5]b();\n\n</code></pre>',
      '<table><tr><th>[6]A</th><th>B</th></tr><tr><td></td><td>[7]x &amp; y</td></tr></table>',
      '<figure>[8]<img src="a.png" alt="x"><figcaption>[9]Cap</figcaption></figure>',
      '<p><button>b</button> [10]after</p><p>[11]<svg><text>t</text></svg></p>',
    ].join('\n'),
  );
});

describe('while watching, the EPUB carries the page list of a whole print only', () => {
  let book: GeneratedBook;
  let watcher: Watcher;
  let dir: string;
  /** Each background build's PDF outcome, and a copy of the EPUB it wrote. */
  const built: { pdf: string; epub: string }[] = [];
  let next: (() => void) | undefined;
  const saved = process.env.SOURCE_DATE_EPOCH;

  before(async () => {
    process.env.SOURCE_DATE_EPOCH = '1764201600';
    book = await generateBook({ pages: 30, dir: join(await tempDir(), 'book') });
    dir = await tempDir();
    watcher = await watch({
      ...{ root: book.root, outDir: dir, formats: ['html', 'pdf', 'epub'] },
      ...{ port: 0, wholePrintAfterMs: 1500 },
      onEvent: (e) => {
        if (e.type !== 'build-end' || e.kind !== 'background' || !e.pdf) return;
        const epub = join(dir, `after-${e.id}.epub`);
        copyFileSync(join(dir, 'book.epub'), epub);
        built.push({ pdf: e.pdf, epub });
        next?.();
      },
    });
    await watcher.idle();
  });
  after(async () => {
    await watcher?.close();
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  });

  const pageListOf = async (file: string) => {
    const nav = await (await readEpub(file)).file('OEBPS/toc.xhtml')!.async('string');
    return /<nav epub:type="page-list"[\s\S]*?<\/nav>/.exec(nav)?.[0];
  };
  const fresh = async () => {
    const { files } = await build({ root: book.root, outDir: await tempDir(), formats: ['pdf', 'epub'] });
    return pageListOf(files.epub![0]!);
  };

  test('printed whole, reprinted, printed whole again once the author pauses', async () => {
    // The first build prints the whole book; a build that finds the PDF unchanged keeps its pages.
    assert.equal(built[0]?.pdf, 'whole');
    const full = await fresh();
    assert.ok(full, 'a full build gives a page list');
    for (const b of built) assert.equal(await pageListOf(b.epub), full, `the ${b.pdf} build's page list`);

    // An edit reprints its chapter into the PDF: no EPUB has a page list until the book is printed
    // whole again, which the pause brings; that one has the page list a full build gives.
    const count = built.length;
    const reprintedThenWhole = () => {
      const since = built.slice(count);
      const at = since.findIndex((b) => b.pdf === 'reprinted');
      return at !== -1 && since.slice(at).some((b) => b.pdf === 'whole');
    };
    const done = new Promise<void>((resolve) => (next = () => reprintedThenWhole() && resolve()));
    const file = book.chapterFiles[2]!;
    // As editors save: a new file renamed over the old, so no build reads it half-written.
    await writeFile(`${file}.tmp`, editParagraph(await readFile(file, 'utf8'), '改寫後的字'));
    await rename(`${file}.tmp`, file);
    await done;
    const since = built.slice(count);
    const reprinted = since.findIndex((b) => b.pdf === 'reprinted');
    const whole = since.findIndex((b, i) => i > reprinted && b.pdf === 'whole');
    for (const b of since.slice(reprinted, whole)) {
      assert.equal(await pageListOf(b.epub), undefined, `the ${b.pdf} build after the reprint has no page list`);
      const opf = await (await readEpub(b.epub)).file('OEBPS/content.opf')!.async('string');
      assert.doesNotMatch(opf, /dc:source|pageBreakMarkers/);
    }
    assert.equal(await pageListOf(since[whole]!.epub), await fresh());
  });
});
