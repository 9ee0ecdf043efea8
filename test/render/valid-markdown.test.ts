/**
 * No valid Markdown gives an error: every example of the CommonMark spec, and inputs of the kinds
 * GitHub and the other book tools accept, through the whole render stage (renderBook) of a small
 * book. The only errors a CommonMark example may give are about its own link and image targets,
 * which name files that are not in the book (`/url`, `train.jpg`).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { loadBook } from '../../src/load/load-book.ts';
import type { Book } from '../../src/model.ts';
import { renderBook } from '../../src/render/render-book.ts';
import { QuireError, QuireErrors } from '../../src/util/errors.ts';
import { writeBook } from '../helpers.ts';
import { whyExpected } from '../support/expected-errors.ts';

const spec = createRequire(import.meta.url)('commonmark-spec') as { tests: { markdown: string; number: number }[] };

async function smallBook(language: string): Promise<Book> {
  const root = await writeBook({
    'book.yaml': `title: T\nlanguage: ${language}\n`,
    'chapters/01-one.md': '# One\n',
    'chapters/images/a.png': Buffer.from('89504e470d0a1a0a', 'hex'),
  });
  return loadBook({ root });
}

/** The errors of rendering `markdown` as the book's only chapter (none: an empty list). */
async function renderErrors(book: Book, markdown: string): Promise<(QuireError | Error)[]> {
  const chapter = { ...book.chapters[0]!, body: markdown };
  try {
    await renderBook({ ...book, chapters: [chapter] });
    return [];
  } catch (error) {
    return error instanceof QuireErrors ? error.errors : [error as Error];
  }
}

test('every CommonMark spec example renders; the only errors name its own missing link targets', async () => {
  const book = await smallBook('en');
  const unexpected: string[] = [];
  for (const example of spec.tests) {
    const markdown = example.markdown.replace(/→/g, '\t');
    for (const error of await renderErrors(book, markdown)) {
      const why = error instanceof QuireError ? whyExpected(error, markdown, book.chapters[0]!.file) : undefined;
      if (why !== 'a link or image to something not in the book')
        unexpected.push(`example ${example.number}: ${error.message} ${String(error.cause ?? '')}`);
    }
  }
  assert.deepEqual(unexpected, []);
});

const GFM_ISH = [
  'This is **bold**\nand more.',
  '這是**粗體**\n和更多。第二行\n第三行。',
  '日本語の**強調**\nと改行。',
  '| a | b |\n| --- | :-: |\n| `x\\|y` | **z** |\n| 中文 | ~~struck~~ |',
  '- [ ] todo\n- [x] done\n  - nested\n\n1. one\n2. two',
  'Autolinks: https://example.com and www.example.com and <mailto:a@example.com>.',
  'A note[^1] and another[^note].\n\n[^1]: The first.\n[^note]: The second,\n    with more lines.',
  '> [!NOTE]\n> A GitHub alert.\n\n> [!WARNING]\n> **Careful**\n> here.',
  ':::tip[Title]\nA Docusaurus admonition.\n:::\n\n:::note\nPlain.\n:::',
  '```rust\nfn main() {\n    println!("hi");\n}\n```\n\n~~~\nno language\n~~~\n\n    indented code',
  '```rust,editable\n# fn hidden() {}\nfn main() {}\n```',
  '<details>\n<summary>More</summary>\n\nHidden *text*.\n\n</details>',
  '<div align="center">\n  <img src="images/a.png" width="100">\n</div>',
  '## Heading with `code` and *emphasis* {#custom-id}\n\nText.',
  'Term\n: Definition\n: Another',
  'Inline $x^2$ and display:\n\n$$\n\\sum_{i=1}^n i\n$$',
  'Line with two spaces  \nhard break and backslash\\\nbreak.',
  '## Part\n\n![An image](images/a.png "title") and [a link](01-one.md) and [up](#part).',
  'Emoji 🎉 in text and a heading:\n\n### 🎉 Party',
  '***\n\n---\n\n___',
  '* a\n\n  > quote in list\n  >\n  > ```\n  > code\n  > ```',
  'Setext heading\n===\n\nAnother\n---',
  '<!-- a comment -->\n\nText after <span style="color:red">raw *inline*</span> HTML.',
  'Escapes: \\*not em\\*, \\`not code\\`, &copy; &#169; &#xA9;.',
  '**中文粗体**，后接标点。*斜体*：冒号。',
  '[reference][ref] and [collapsed][] links.\n\n[ref]: https://example.com\n[collapsed]: https://example.org "Title"',
];

test('GitHub-flavoured and book-tool inputs render without any error, in English and Chinese books', async () => {
  for (const language of ['en', 'zh-Hans']) {
    const book = await smallBook(language);
    const all: string[] = [];
    for (const markdown of GFM_ISH)
      for (const e of await renderErrors(book, markdown))
        all.push(`${JSON.stringify(markdown)}: ${e.message} ${String(e.cause ?? '')}`);
    assert.deepEqual(all, [], language);
  }
});
