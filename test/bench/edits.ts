/** Edits an author makes while watching, shared by the watch tests and the benchmark. */

/**
 * The chapter's text with one paragraph reworded: `mark` replaces as many characters, from the
 * 20th, of the first long prose line after line 10 (outside code), so the paragraph keeps its length.
 */
export function editParagraph(text: string, mark: string): string {
  const lines = text.split('\n');
  let fence = false;
  const at = lines.findIndex((line, i) => {
    if (line.startsWith('```')) fence = !fence;
    return i > 10 && !fence && /^[\u4e00-\u9fff]/.test(line) && line.length > 60;
  });
  if (at < 0) throw new Error('no paragraph to edit');
  lines[at] = `${lines[at]!.slice(0, 20)}${mark}${lines[at]!.slice(20 + mark.length)}`;
  return lines.join('\n');
}
