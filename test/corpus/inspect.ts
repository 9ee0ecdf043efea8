/**
 * Read a built book's PDF and EPUB back with the real tools: poppler for pages, fonts and text,
 * jszip for the EPUB's text, epubcheck for its validity; then compare the two texts.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { epubcheck, readEpub } from '../helpers.ts';
import { readPdf, type PdfFacts } from './pdf-facts.ts';
import { cjkMissing, documentText, markersLeft, type DocumentText, type MarkerFound } from './measures.ts';

export interface EpubFacts {
  file: string;
  fatals: number;
  errors: number;
  warnings: number;
  /** ERROR and FATAL messages by epubcheck's ID. */
  errorIds: Record<string, number>;
  /** The first few ERROR and FATAL messages, with where. */
  firstErrors: string[];
}

export interface OutputFacts {
  pdf?: PdfFacts;
  epub?: EpubFacts;
  /** CJK characters of the EPUB text missing from the PDF text (both outputs present). */
  cjkMissing?: string[];
  /** Markers left in the PDF text (a PDF present). */
  markers?: MarkerFound[];
  /** What could not be read, and why. */
  notes: string[];
  /** Seconds each reading of the outputs took. */
  readingSeconds: Record<string, number>;
}

const FIRST_ERRORS = 5;

/** The output file with this extension at the top of `outDir` (the book's own name, whatever it is). */
function outputFile(outDir: string, ext: string): string | undefined {
  if (!existsSync(outDir)) return undefined;
  const name = readdirSync(outDir).find((f) => f.endsWith(ext));
  return name && join(outDir, name);
}

/** The text of every XHTML document in the EPUB, and the part of it that is code. */
async function epubText(file: string): Promise<DocumentText> {
  const zip = await readEpub(file);
  const parts: DocumentText[] = [];
  for (const name of Object.keys(zip.files).sort()) {
    if (/\.x?html?$/i.test(name)) parts.push(documentText(await zip.file(name)!.async('string')));
  }
  return { text: parts.map((p) => p.text).join('\n'), code: parts.map((p) => p.code).join('\n') };
}

async function checkEpub(file: string): Promise<EpubFacts> {
  const report = await epubcheck(file);
  const bad = report.messages.filter((m) => m.severity === 'ERROR' || m.severity === 'FATAL');
  const errorIds: Record<string, number> = {};
  for (const m of bad) errorIds[m.ID] = (errorIds[m.ID] ?? 0) + 1;
  const firstErrors = bad.slice(0, FIRST_ERRORS).map((m) => {
    const at = m.locations[0];
    return `${m.ID} ${m.message}${at ? ` (${at.path}:${at.line})` : ''}`;
  });
  return { file, fatals: report.fatals, errors: report.errors, warnings: report.warnings, errorIds, firstErrors };
}

/** Each measure on its own: one tool failing leaves the others' figures and a note. */
async function attempt<T>(what: string, notes: string[], work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    notes.push(`${what}: ${((error as Error).message ?? String(error)).split('\n')[0]}`);
    return undefined;
  }
}

/** Whatever PDF and EPUB `outDir` holds (a failed build may still have written one), read back. */
export async function inspectOutputs(outDir: string): Promise<OutputFacts> {
  const notes: string[] = [];
  const seconds: Record<string, number> = {};
  const facts: OutputFacts = { notes, readingSeconds: seconds };
  const timed = <T>(what: string, work: () => Promise<T>) =>
    attempt(what, notes, async () => {
      const start = performance.now();
      const result = await work();
      seconds[what] = Math.round(performance.now() - start) / 1000;
      return result;
    });
  const pdfFile = outputFile(outDir, '.pdf');
  const epubFile = outputFile(outDir, '.epub');
  // epubcheck (Java) runs beside the reading of the PDF (Node, poppler): they use different cores.
  const checked = epubFile ? timed('epubcheck', () => checkEpub(epubFile)) : undefined;
  const pdf = pdfFile ? await timed('reading the PDF', () => readPdf(pdfFile)) : undefined;
  const epub = epubFile ? await timed('reading the EPUB', () => epubText(epubFile)) : undefined;
  facts.epub = await checked;
  if (pdf) {
    facts.pdf = pdf.facts;
    facts.markers = markersLeft(pdf.text, epub?.code ?? '');
    if (!epub) notes.push('no EPUB text: markers in code are counted too');
  }
  if (pdf && epub) facts.cjkMissing = cjkMissing(epub.text, pdf.text);
  return facts;
}
