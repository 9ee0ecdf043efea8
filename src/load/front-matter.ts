/** Split a chapter into YAML front matter and body, with errors on the file's own lines. */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { QuireError } from '../util/errors.ts';

/** The keys Quire reads; any other key (Docusaurus' `sidebar_label`, `tags`, …) is kept and ignored. */
export const frontMatterSchema = z.looseObject({
  title: z.string().optional(),
  order: z.number().optional(),
  sidebar_position: z.number().optional(),
  draft: z.boolean().optional(),
  numbered: z.boolean().optional(),
});
export type FrontMatter = z.output<typeof frontMatterSchema>;

export interface SplitChapter {
  frontMatter: FrontMatter;
  body: string;
  /** Number of lines before the body. */
  bodyLineOffset: number;
}

const FENCE = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;

export function splitFrontMatter(text: string, file: string): SplitChapter {
  const open = FENCE.exec(text);
  if (!open) return { frontMatter: {}, body: text, bodyLineOffset: 0 };
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) {
    throw new QuireError('front matter is not closed', {
      file,
      line: 1,
      source: text,
      hint: 'end the front matter with a line `---`, or remove the opening `---`',
    });
  }
  const yamlText = rest.slice(0, close.index);
  const afterClose = rest.slice(close.index + close[0].length).replace(/^\r?\n/, '');
  const bodyLineOffset = countLines(text.slice(0, text.length - afterClose.length));

  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lineCounter.linePos(firstError.pos[0]);
    // Unclosed brackets and quotes are reported at the end of the YAML: point at its last line instead.
    const lastLine = yamlText.trimEnd().split('\n').length;
    throw new QuireError(`invalid front matter: ${firstError.message.split('\n')[0]}`, {
      file,
      line: Math.min(pos.line, lastLine) + 1,
      column: pos.col,
      source: text,
      hint: 'fix the YAML between the `---` lines (quote titles that contain `: ` or start with `[`)',
    });
  }
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new QuireError('front matter must be a map of `key: value` lines', { file, line: 2, source: text });
  }
  const parsed = frontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const node = doc.getIn([key], true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lineCounter.linePos(node.range[0]).line + 1 : 2;
    throw new QuireError(`front matter \`${key}\`: ${issue.message}`, {
      file,
      line,
      source: text,
      hint: 'title is text, order and sidebar_position are numbers, draft and numbered are true or false',
    });
  }
  return { frontMatter: parsed.data, body: afterClose, bodyLineOffset };
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
