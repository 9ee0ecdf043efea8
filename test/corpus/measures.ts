/**
 * What the corpus run reads from a book's outputs and warnings, as plain functions over text:
 * kinds of warnings, CJK characters the PDF lost, and source markers the PDF still shows.
 */
import { Parser } from 'htmlparser2';
import { warningKind } from '../../src/report/warning-groups.ts';

export { warningKind };

export interface Kind {
  kind: string;
  count: number;
  /** The first warning of this kind, as Quire wrote it. */
  first: string;
}

/** Warnings grouped by kind, most frequent first (ties in order of first appearance). */
export function groupKinds(messages: string[]): Kind[] {
  const kinds = new Map<string, Kind>();
  for (const message of messages) {
    const kind = warningKind(message);
    const found = kinds.get(kind);
    if (found) found.count++;
    else kinds.set(kind, { kind, count: 1, first: message });
  }
  return [...kinds.values()].sort((a, b) => b.count - a.count);
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** The Han, Kana and Hangul characters of `text`, each once. */
export function cjkCharacters(text: string): Set<string> {
  return new Set(text.match(CJK) ?? []);
}

/** The CJK characters of `epubText` that `pdfText` never shows, in order of first appearance. */
export function cjkMissing(epubText: string, pdfText: string): string[] {
  const printed = cjkCharacters(pdfText);
  return [...cjkCharacters(epubText)].filter((c) => !printed.has(c));
}

/** Text a book's own tool turns into something else: seen in a printed book, Quire left it as it was. */
export const MARKERS: { name: string; pattern: RegExp }[] = [
  { name: 'mdBook directive {{#…', pattern: /\{\{#\w+/g },
  { name: 'GitBook tag {%…', pattern: /\{%-?\s*\w+/g },
  { name: 'admonition :::', pattern: /:::/g },
  { name: 'alert [!NOTE]', pattern: /\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/gi },
  { name: 'JSX tag <Component', pattern: /<\/?[A-Z][a-z]+[A-Za-z0-9.]*(?=[\s/>])/g },
  { name: 'MDX import', pattern: /\bimport\s+(?:\w+|\{[^}]*\}|\*\s+as\s+\w+)(?:\s*,\s*\{[^}]*\})?\s+from\s+['"]/g },
  { name: 'MDX export', pattern: /\bexport\s+(?:const|default|function|let)\b/g },
  { name: 'MDX comment {/*', pattern: /\{\/\*/g },
];

export interface MarkerFound {
  marker: string;
  /** Occurrences in the PDF text beyond those inside code (where they are the author's text). */
  count: number;
  /** A line of the PDF text showing one, outside code when one is. */
  example: string;
}

/**
 * Markers in the PDF text, less as many as the book's code shows (`codeText`: the text of its
 * `<code>` and `<pre>` elements, from the EPUB), since code quoting a directive prints it rightly.
 */
export function markersLeft(pdfText: string, codeText: string): MarkerFound[] {
  const found: MarkerFound[] = [];
  const lines = pdfText.split('\n');
  for (const { name, pattern } of MARKERS) {
    const count = (pdfText.match(pattern)?.length ?? 0) - (codeText.match(pattern)?.length ?? 0);
    if (count <= 0) continue;
    const matching = lines.filter((line) => new RegExp(pattern.source, pattern.flags).test(line));
    const example = matching.find((line) => !codeText.includes(line.trim())) ?? matching[0] ?? '';
    found.push({ marker: name, count, example: example.trim().slice(0, 100) });
  }
  return found;
}

export interface DocumentText {
  /** All text of the body. */
  text: string;
  /** The text inside `<code>` and `<pre>` elements. */
  code: string;
}

/** The text of an (X)HTML document, entities decoded, and the part of it that is code. */
export function documentText(html: string): DocumentText {
  const text: string[] = [];
  const code: string[] = [];
  let inCode = 0;
  let skipped = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'code' || name === 'pre') inCode++;
        if (name === 'head' || name === 'script' || name === 'style') skipped++;
      },
      onclosetag(name) {
        if (name === 'code' || name === 'pre') {
          inCode = Math.max(0, inCode - 1);
          // Keeps two code blocks from reading as one line.
          if (inCode === 0) code.push('\n');
        }
        if (name === 'head' || name === 'script' || name === 'style') skipped = Math.max(0, skipped - 1);
      },
      ontext(data) {
        if (skipped > 0) return;
        text.push(data);
        if (inCode > 0) code.push(data);
      },
    },
    { decodeEntities: true, xmlMode: false },
  );
  parser.end(html);
  return { text: text.join(''), code: code.join('') };
}
