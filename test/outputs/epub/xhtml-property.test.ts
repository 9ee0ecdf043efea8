/**
 * Property: whatever raw HTML a chapter holds, the EPUB passes the real epubcheck with nothing to
 * report. Seeded random fragments (test/support/html-fragments.ts) are batched into the chapters of
 * a few books, so epubcheck, a JVM start each, runs a few times for hundreds of cases; cases are
 * generated until CASES or until BUDGET_MS of building. QUIRE_PROPERTY_SEED replays a run,
 * QUIRE_PROPERTY_CASES asks for more.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, test } from 'node:test';
import { build } from '../../../src/index.ts';
import { epubcheck, fixture, readEpub, writeBook } from '../../helpers.ts';
import { chapterOf, random } from '../../support/html-fragments.ts';
import { readFileSync } from 'node:fs';

const SEED = Number(process.env.QUIRE_PROPERTY_SEED ?? 20261203);
const CASES = Number(process.env.QUIRE_PROPERTY_CASES ?? 320);
const PER_CHAPTER = 20;
const CHAPTERS_PER_BOOK = 8;
const BUDGET_MS = 150_000;

const roots: string[] = [];
after(() => Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))));

test(`random raw HTML in Markdown gives an EPUB epubcheck passes (seed ${SEED})`, { timeout: 300_000 }, async (t) => {
  const next = random(SEED);
  const png = readFileSync(fixture('epub-raw/chapters/media/square.png'));
  const started = Date.now();
  let cases = 0;
  const failures: string[] = [];
  for (let book = 1; cases < CASES && Date.now() - started < BUDGET_MS; book++) {
    const files: Record<string, string | Uint8Array> = {
      'book.yaml': `title: Property book ${book}\nlanguage: en\noutput:\n  name: property\n`,
      'chapters/pic.png': png,
    };
    const fragments = new Map<string, string[]>();
    for (let c = 1; c <= CHAPTERS_PER_BOOK && cases < CASES; c++) {
      const chapter = chapterOf(next, PER_CHAPTER, `Chapter ${c}`);
      files[`chapters/${String(c).padStart(2, '0')}-c.md`] = chapter.text;
      fragments.set(`${String(c).padStart(2, '0')}-c.xhtml`, chapter.fragments);
      cases += chapter.fragments.length;
    }
    const root = await writeBook(files);
    roots.push(root);
    const result = await build({ root, outDir: `${root}/dist`, formats: ['epub'] });
    const file = result.files.epub![0]!;
    const report = await epubcheck(file);
    if (report.fatals + report.errors + report.warnings === 0) continue;
    // Show each problem with the XHTML line it names, to find the fragment that caused it.
    const zip = await readEpub(file);
    for (const m of report.messages) {
      const at = m.locations[0];
      const path = at?.path.replace(/^.*?OEBPS\//, '') ?? '';
      const text = (await zip.file(`OEBPS/${path}`)?.async('string'))?.split('\n')[at!.line - 1] ?? '';
      failures.push(`book ${book}: ${m.severity} ${m.ID} ${m.message}\n  ${path}:${at?.line}: ${text.slice(0, 600)}`);
    }
  }
  t.diagnostic(
    `${cases} fragments in ${Math.ceil(cases / (PER_CHAPTER * CHAPTERS_PER_BOOK))} EPUBs, ${Date.now() - started} ms`,
  );
  assert.deepEqual(failures, []);
  // The time budget may cut a run short on a busy machine, never below one whole book.
  assert.ok(
    cases >= Math.min(CASES, PER_CHAPTER * CHAPTERS_PER_BOOK),
    `at least one book of fragments checked (${cases})`,
  );
});
