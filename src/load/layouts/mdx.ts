/**
 * What Markdown cannot show of an MDX page, left out with a warning naming file and line:
 * `import` and `export` statements, JSX components (`<Tabs>`, `<TabItem value="a">`, `<Foo />`:
 * capitalised tags, whose Markdown content stays), and `{/* comments *\/}`. Lines are blanked,
 * never removed, so every later line keeps its number. Code blocks are left alone.
 */
import { fileLine } from '../../model.ts';
import { QuireError } from '../../util/errors.ts';

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const STATEMENT = /^(import|export)\s/;
const COMPONENT = /<\/?[A-Z][\w.]*(?:\s[^<>]*?)?\/?>/g;
const COMMENT = /\{\/\*[\s\S]*?\*\/\}/g;

export function stripMdx(
  body: string,
  chapter: { file: string; bodyLineOffset: number },
  warn: (warning: QuireError) => void,
): string {
  const lines = body.split('\n');
  const report = (i: number, what: string, hint: string) =>
    warn(new QuireError(`${what} left out`, { file: chapter.file, line: fileLine(chapter, i), hint }));
  let fence: string | undefined;
  let statement = false; // inside a multi-line import/export
  let openTag: string | undefined; // a component tag whose attributes run over several lines

  lines.forEach((line, i) => {
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch && !statement && !openTag) {
      if (!fence) fence = fenceMatch[1];
      else if (fenceMatch[1]!.startsWith(fence[0]!) && fenceMatch[1]!.length >= fence.length) fence = undefined;
      return;
    }
    if (fence) return;
    if (statement) {
      lines[i] = '';
      if (/from\s+['"][^'"]*['"];?\s*$|^\s*['"][^'"]*['"];?\s*$|;\s*$/.test(line)) statement = false;
      return;
    }
    if (openTag) {
      const end = line.indexOf('>');
      lines[i] = end === -1 ? '' : line.slice(end + 1);
      if (end !== -1) openTag = undefined;
      return;
    }
    if (STATEMENT.test(line)) {
      report(
        i,
        `MDX \`${line.trim().split(/\s+/)[0]}\` statement`,
        'Quire builds Markdown: MDX imports and exports have no effect in a book',
      );
      lines[i] = '';
      // One line when it ends there (`import X from 'x'`), else until the line that does.
      statement = !/from\s+['"][^'"]*['"];?\s*$|^import\s+['"][^'"]*['"];?\s*$|;\s*$/.test(line);
      return;
    }
    let text = line.replace(COMMENT, '');
    const components = text.match(COMPONENT);
    // Reported at the opening tag; a closing tag goes quietly.
    const opening = components?.filter((c) => !c.startsWith('</'));
    if (components && opening!.length > 0) {
      const names = [...new Set(opening!.map((c) => /<([A-Z][\w.]*)/.exec(c)![1]))];
      report(
        i,
        `JSX component${names.length > 1 ? 's' : ''} ${names.map((n) => `<${n}>`).join(', ')}`,
        'Quire builds Markdown: the component is left out and the Markdown inside it kept',
      );
    }
    if (components) text = text.replace(COMPONENT, '');
    // `<Tabs` with its attributes on the following lines.
    const unclosed = /<[A-Z][\w.]*(?:\s[^<>]*)?$/.exec(text);
    if (unclosed) {
      if (!components)
        report(
          i,
          `JSX component <${/<([A-Z][\w.]*)/.exec(unclosed[0])![1]}>`,
          'Quire builds Markdown: the component is left out',
        );
      text = text.slice(0, unclosed.index);
      openTag = unclosed[0];
    }
    lines[i] = text.trim() === '' && text !== line ? '' : text;
  });
  return lines.join('\n');
}
