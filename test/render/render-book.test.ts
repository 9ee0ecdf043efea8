import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBook } from '../../src/load/load-book.ts';
import type { RenderedBook } from '../../src/model.ts';
import { renderBook } from '../../src/render/render-book.ts';
import { QuireError, QuireErrors } from '../../src/util/errors.ts';
import { fixture, writeBook } from '../helpers.ts';

async function render(chapters: Record<string, string>, yaml = 'title: T\nlanguage: zh-Hant\n'): Promise<RenderedBook> {
  const files: Record<string, string> = { 'book.yaml': yaml };
  for (const [name, text] of Object.entries(chapters)) files[`chapters/${name}`] = text;
  return renderBook(await loadBook({ root: await writeBook(files) }));
}

async function renderErrors(chapters: Record<string, string>): Promise<QuireError[]> {
  try {
    await render(chapters);
  } catch (error) {
    if (error instanceof QuireErrors) return error.errors;
    if (error instanceof QuireError) return [error];
    throw error;
  }
  assert.fail('expected the render to fail');
}

const html = async (markdown: string) => (await render({ '01.md': markdown })).chapters[0]!.html;

test('heading ids keep CJK text and are unique across the whole book', async () => {
  const book = await render({
    '01.md': '# 第一章\n\n## 映像和層\n\n## Docker 引擎\n',
    '02.md': '# 第二章\n\n## 映像和層\n',
  });
  const [one, two] = book.chapters;
  assert.deepEqual(
    one!.headings.map((h) => h.id),
    ['映像和層', 'docker-引擎'],
  );
  assert.equal(two!.headings[0]!.id, '映像和層-1');
  assert.equal(one!.anchor, '第一章');
});

test('explicit ids and classes from attribute syntax', async () => {
  const out = await html('## Title {#my-id .special}\n\nPara {.note}\n');
  assert.match(out, /<h2 id="my-id" class="special">Title<\/h2>/);
  assert.match(out, /<p class="note">Para<\/p>/);
});

test('footnotes get ids that are unique per chapter, with a way back', async () => {
  const book = await render({ '01.md': 'A[^1]\n\n[^1]: one\n', '02.md': 'B[^1]\n\n[^1]: two\n' });
  const ids = book.chapters.map((c) => [...c.html.matchAll(/id="(fn[^"]+)"/g)].map((m) => m[1]));
  assert.deepEqual(ids[0], ['fnref-01-1', 'fn-01-1']);
  assert.deepEqual(ids[1], ['fnref-02-1', 'fn-02-1']);
  assert.match(book.chapters[0]!.html, /href="#fnref-01-1" class="footnote-backref">↑<\/a>/);
});

test('tables, task lists and definition lists', async () => {
  const out = await html('| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\nTerm\n: Definition\n');
  assert.match(out, /<table>\s*<thead>\s*<tr>\s*<th>a<\/th>/);
  assert.match(out, /<input class="task-list-item-checkbox" checked="" disabled="" type="checkbox">/);
  assert.match(out, /<dl>\s*<dt>Term<\/dt>\s*<dd>Definition<\/dd>/);
});

test('Docusaurus admonitions, with and without a title, and GitHub alerts share one markup', async () => {
  const out = await html(
    ':::tip[自訂標題]\nBody **bold**\n:::\n\n:::danger\nCareful\n:::\n\n:::note Legacy title\nx\n:::\n\n> [!WARNING]\n> Alert body\n',
  );
  assert.match(
    out,
    /<aside class="admonition admonition-tip"><p class="admonition-title">自訂標題<\/p>\s*<p>Body <strong>bold<\/strong><\/p>\s*<\/aside>/,
  );
  assert.match(out, /<aside class="admonition admonition-danger"><p class="admonition-title">危險<\/p>/);
  assert.match(out, /admonition-note"><p class="admonition-title">Legacy title/);
  assert.match(
    out,
    /<div class="admonition admonition-warning"><p class="admonition-title">警告<\/p>\s*<p>Alert body<\/p>/,
  );
  assert.doesNotMatch(out, /<svg/);
});

test('other sites’ containers keep their content, never their markers: VitePress code-group and details', async () => {
  const out = await html(
    '::: code-group\n```sh [npm]\nnpm i quire\n```\n```sh [pnpm]\npnpm add quire\n```\n:::\n\n' +
      '::: details Click to see the answer\nThe **answer**.\n:::\n\n:::success[Done]\nAll set.\n:::\n',
  );
  assert.doesNotMatch(out, /:::/, 'no container marker is left as text');
  assert.match(
    out,
    /<div class="container container-code-group">[\s\S]*npm i quire[\s\S]*pnpm add quire[\s\S]*<\/div>/,
  );
  assert.match(
    out,
    /<aside class="admonition admonition-details"><p class="admonition-title">Click to see the answer<\/p>\s*<p>The <strong>answer<\/strong>\.<\/p>\s*<\/aside>/,
  );
  assert.match(out, /admonition-success"><p class="admonition-title">Done<\/p>\s*<p>All set\.<\/p>/);
});

test('admonition titles follow the book language', async () => {
  const book = await render({ '01.md': ':::info\nx\n:::\n' }, 'title: T\nlanguage: en\n');
  assert.match(book.chapters[0]!.html, /admonition-title">Info</);
});

test('CJK: a soft line break between Chinese characters adds no space; emphasis works next to CJK punctuation', async () => {
  const out = await html('中文句子換行\n測試。English\nwords stay apart.\n\n這是**「重點」**，對吧。\n');
  assert.match(out, /中文句子換行測試。English\nwords stay apart\./);
  assert.match(out, /這是<strong>「重點」<\/strong>，對吧。/);
});

test('emphasis that ends a line before a line break renders (CJK or not)', async () => {
  assert.match(await html('**bold**\ntext\n'), /<strong>bold<\/strong>\ntext/);
  assert.match(await html('中文字\n**粗體**\n中文\n'), /中文字<strong>粗體<\/strong>中文/);
});

test('a heading of punctuation alone still gets an id, unique in the book', async () => {
  const book = await render({ '01.md': '# One\n\n## `?`\n\n## `!`\n' });
  const ids = book.chapters[0]!.headings.map((h) => h.id);
  assert.deepEqual(ids, ['section', 'section-1']);
});

test('code blocks are highlighted at build time for the common languages', async () => {
  const samples: Record<string, [string, RegExp]> = {
    bash: ['echo "hi" # note', /hljs-built_in">echo|hljs-string/],
    dockerfile: ['FROM alpine:3.20\nRUN apk add curl', /hljs-keyword">FROM/],
    yaml: ['services:\n  web: {}', /hljs-attr">services:/],
    json: ['{"a": 1}', /hljs-attr">&quot;a&quot;/],
    javascript: ['const a = 1;', /hljs-keyword">const/],
    typescript: ['let a: number = 1;', /hljs-built_in">number|hljs-keyword">let/],
    go: ['package main\nfunc main() {}', /hljs-keyword">package/],
    python: ['def f():\n    return 1', /hljs-keyword">def/],
  };
  for (const [lang, [code, expected]] of Object.entries(samples)) {
    const out = await html('```' + lang + '\n' + code + '\n```\n');
    assert.match(
      out,
      new RegExp(`<pre class="code short" data-lang="${lang}"><code class="hljs language-${lang}">`),
      lang,
    );
    assert.match(out, expected, lang);
  }
  const plain = await html('```\n<b>&\n```\n');
  assert.match(plain, /<pre class="code short"><code class="hljs">&lt;b&gt;&amp;\n<\/code><\/pre>/);
  assert.doesNotMatch(await html('```bash\nls\n```'), /<script/);
});

test('images resolve against their chapter and, alone in a paragraph, become captioned figures', async () => {
  const book = await renderBook(await loadBook({ root: fixture('features') }));
  const basics = book.chapters[0]!.html;
  assert.match(
    basics,
    /<figure><img src="quire:asset\/chapters\/img\/dot\.png" alt="A diagram caption"><figcaption>A diagram caption<\/figcaption><\/figure>/,
  );
  assert.deepEqual(
    book.assets.map((a) => [a.path, a.mediaType]),
    [['chapters/img/dot.png', 'image/png']],
  );
  const inline = await html('Text with ![icon](./none.png) inline.\n').catch((e: QuireErrors) => e.errors[0]!.message);
  assert.match(String(inline), /not found/);
});

test('links to other chapters, with or without a section, become output-neutral references', async () => {
  const book = await renderBook(await loadBook({ root: fixture('features') }));
  const basics = book.chapters[0]!.html;
  assert.match(basics, /href="quire:chapter\/02-more"/);
  assert.match(basics, /href="quire:chapter\/02-more#a-table"/);
  assert.match(basics, /href="quire:chapter\/02-more#custom-id"/);
  assert.match(book.chapters[1]!.html, /href="quire:chapter\/01-basics#code"/);
});

test('a broken chapter link, a missing anchor and a missing image are errors naming file and line', async () => {
  const errors = await renderErrors({
    '01.md': '# One\n\nFine line.\nSee [two](./02.md#nowhere).\n\n[gone](./03.md)\n\n![pic](img/missing.png)\n',
    '02.md': '# Two\n\n## Somewhere\n',
  });
  const summary = errors.map((e) => [e.file!.split('/').pop(), e.line, e.message]);
  assert.deepEqual(
    summary.map(([f, l]) => [f, l]),
    [
      ['01.md', 6],
      ['01.md', 8],
      ['01.md', 4],
    ],
  );
  assert.match(errors[0]!.message, /no such chapter/);
  assert.match(errors[1]!.message, /img\/missing\.png.*not found/);
  assert.match(errors[2]!.message, /no heading or id `nowhere`/);
  assert.match(errors[2]!.hint!, /somewhere/);
});

test('an image outside the book is refused', async () => {
  const errors = await renderErrors({ '01.md': '![x](../../../../../../etc/hostname)\n' });
  assert.match(errors[0]!.message, /outside the book|not found/);
});

test('a duplicate explicit id across chapters names the file and line', async () => {
  const errors = await renderErrors({ '01.md': '## A {#same}\n', '02.md': 'Text\n\n## B {#same}\n' });
  assert.equal(errors[0]!.file!.split('/').pop(), '02.md');
  assert.equal(errors[0]!.line, 3);
});

test('raw HTML images are resolved like Markdown images', async () => {
  const root = await writeBook({
    'book.yaml': 'title: T\n',
    'chapters/01.md': '<p align="center"><img src="./pic.png" width="100"></p>\n\nInline <img src=pic.png> too.\n',
    'chapters/pic.png': 'not really a png',
  });
  const out = (await renderBook(await loadBook({ root }))).chapters[0]!.html;
  assert.equal(out.match(/src="quire:asset\/chapters\/pic\.png"/g)?.length, 2);
});

test('with a cache, only what changed is parsed again, and the result equals a fresh render', async () => {
  const { createRenderCache } = await import('../../src/render/render-book.ts');
  const { writeFile } = await import('node:fs/promises');
  const root = await writeBook({
    'book.yaml': 'title: T\n',
    'chapters/01.md': '# One\n\n## Shared\n',
    'chapters/02.md': '# Two\n\n## Shared\n\nSee [one](./01.md#shared).\n',
    'chapters/03.md': '# Three\n\n## Shared\n',
  });
  const cache = createRenderCache();
  await renderBook(await loadBook({ root }), cache);
  const first = new Map(cache.chapters);

  await writeFile(`${root}/chapters/03.md`, '# Three\n\n## Shared\n\nMore.\n');
  const again = await renderBook(await loadBook({ root }), cache);
  assert.equal(cache.chapters.get(`${root}/chapters/01.md`), first.get(`${root}/chapters/01.md`), 'chapter one reused');
  assert.equal(cache.chapters.get(`${root}/chapters/02.md`), first.get(`${root}/chapters/02.md`), 'chapter two reused');
  assert.notEqual(
    cache.chapters.get(`${root}/chapters/03.md`),
    first.get(`${root}/chapters/03.md`),
    'chapter three parsed again',
  );
  assert.deepEqual(
    again.chapters.map((c) => c.html),
    (await renderBook(await loadBook({ root }))).chapters.map((c) => c.html),
  );

  // A heading added to chapter one shifts the ids of the same title after it: those chapters are parsed again.
  await writeFile(`${root}/chapters/01.md`, '# One\n\n## Shared\n\n## Shared\n');
  const shifted = await renderBook(await loadBook({ root }), cache);
  assert.deepEqual(
    shifted.chapters.map((c) => c.headings.map((h) => h.id)),
    [['shared', 'shared-1'], ['shared-2'], ['shared-3']],
  );
});
