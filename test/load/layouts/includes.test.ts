/**
 * mdBook's include directives as mdBook reads them (its guide, format/mdbook.md, and its `links`
 * preprocessor): what is expanded, what stays text, where files may come from, and every problem
 * listed with its file and line.
 */
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { includeRoot } from '../../../src/load/layouts/include-root.ts';
import { expandIncludes, type IncludeContext } from '../../../src/load/layouts/includes.ts';
import { loadBook } from '../../../src/load/load-book.ts';
import { fileLine } from '../../../src/model.ts';
import { QuireErrors, type QuireError } from '../../../src/util/errors.ts';
import { tempDir, writeBook } from '../../helpers.ts';

const LISTING = [
  '// ANCHOR: all', //     1
  '// ANCHOR: main', //    2
  'fn main() {', //        3
  '    go();', //          4
  '}', //                  5
  '// ANCHOR_END: main', // 6
  'fn go() {}', //         7
  '// ANCHOR_END: all', // 8
].join('\n');

/** A book folder with `files`, its chapter `src/ch.md` (two lines of front matter), and a context. */
async function includeBook(files: Record<string, string>) {
  const root = await writeBook(files);
  const chapter = { file: join(root, 'src', 'ch.md'), bodyLineOffset: 2 };
  const context = (): IncludeContext => ({
    root: { folder: realpathSync(root), reason: 'the test book' },
    errors: [],
    warnings: [],
  });
  const expand = (body: string, ctx = context()) => expandIncludes(body, chapter, ctx).body;
  return { root, chapter, context, expand };
}

test('includes: whole file, anchors (other markers dropped), line ranges, single lines', async () => {
  const { expand } = await includeBook({ 'listings/x.rs': LISTING + '\n' });
  const inc = (spec: string) => expand(`{{#include ../listings/x.rs${spec}}}`);
  assert.equal(inc(''), LISTING);
  assert.equal(inc(':main'), 'fn main() {\n    go();\n}');
  assert.equal(inc(':all'), 'fn main() {\n    go();\n}\nfn go() {}');
  assert.equal(inc(':3:5'), 'fn main() {\n    go();\n}');
  assert.equal(inc(':7:'), 'fn go() {}\n// ANCHOR_END: all');
  assert.equal(inc('::2'), '// ANCHOR: all\n// ANCHOR: main');
  assert.equal(inc(':4'), '    go();');
  assert.equal(expand('{{#rustdoc_include ../listings/x.rs:main}}'), 'fn main() {\n    go();\n}');
});

test('includes: what mdBook leaves as text stays text; the rest of its grammar', async () => {
  const { expand } = await includeBook({ 'src/x.rs': LISTING, 'src/code.rs': 'fn x() {}\n' });
  // No path, no space before it, or a type mdBook does not know: left as written.
  for (const text of ['{{#include}}', '{{#include   }}', '{{#includex.rs}}', '{{#toc}}{{/toc}}', '{{#unknown x.rs}}'])
    assert.equal(expand(`a ${text} b`), `a ${text} b`);
  // Spaces inside the braces, and words after the path (ignored by include).
  assert.equal(expand('{{ #include x.rs:4 }}'), '    go();');
  assert.equal(expand('{{#include x.rs:4 more words}}'), '    go();');
  // An empty selection is the whole file; an end that is not a number reads to the end.
  assert.equal(expand('{{#include x.rs:}}'), LISTING);
  assert.equal(expand('{{#include x.rs:7:end}}'), 'fn go() {}\n// ANCHOR_END: all');
  // A directive may span lines, as mdBook's pattern allows.
  assert.equal(expand('{{#include\n  x.rs:4}}'), '    go();');
  // Playground and its old name playpen, with attributes on the code block.
  assert.equal(expand('{{#playground code.rs editable}}'), '```rust,editable\nfn x() {}\n```');
  assert.equal(expand('{{#playpen code.rs}}'), '```rust\nfn x() {}\n```');
  // The escaped form keeps everything after the backslash to the line's last `}}` as text.
  assert.equal(expand('\\{{#include a.rs}} and {{#include x.rs:4}}'), '{{#include a.rs}} and {{#include x.rs:4}}');
  assert.equal(expand('{{#title A Page Title}}x'), 'x');
  assert.equal(expand('{{#title}}'), '{{#title}}');
});

test('includes: nesting, relative to the included file', async () => {
  const { expand } = await includeBook({
    'src/part.md': 'before\n{{#include sub/inner.md}}\nafter',
    'src/sub/inner.md': 'INNER {{#include deeper.txt}}',
    'src/sub/deeper.txt': 'DEEP\n',
  });
  assert.equal(expand('{{#include part.md}}'), 'before\nINNER DEEP\nafter');
});

test('includes: the line map sends every body line back to its file line', async () => {
  const { chapter, context } = await includeBook({ 'src/three.txt': 'a\nb\nc\n' });
  const { body, lineMap } = expandIncludes(
    'one\n{{#include three.txt}}\nafter\n{{#include\nthree.txt}} x\nlast',
    chapter,
    context(),
  );
  const lines = body.split('\n');
  assert.deepEqual(lines, ['one', 'a', 'b', 'c', 'after', 'a', 'b', 'c x', 'last']);
  // bodyLineOffset 2: body line 0 is file line 3; included lines point at their directive's first line.
  assert.deepEqual(
    lines.map((_, i) => fileLine({ ...chapter, lineMap }, i)),
    [3, 4, 4, 4, 5, 6, 6, 6, 8],
  );
});

test('includes: every problem is collected with its line, the directive left as text; a missing anchor warns', async () => {
  const outside = await tempDir('quire-out-');
  const { root, chapter, context, expand } = await includeBook({ 'src/x.rs': LISTING, 'src/ok.md': 'ok' });
  await symlink(outside, join(root, 'src', 'escape'));
  const ctx = context();
  const body = [
    'first', //                                3
    '{{#include nope.rs}}', //                  4
    'x {{#include ../../../../etc/hostname}}', // 5
    '{{#include escape/anything}}', //          6
    '{{#include x.rs:nothere}}', //             7
    '{{#include ok.md}}', //                    8
  ].join('\n');
  const out = expand(body, ctx);
  assert.deepEqual(out.split('\n'), [...body.split('\n').slice(0, 4), '', 'ok']);
  const seen = (list: QuireError[]) => list.map((e) => [e.file, e.line, e.message]);
  assert.deepEqual(
    seen(ctx.errors).map(([file, line]) => [file, line]),
    [4, 5, 6].map((line) => [chapter.file, line]),
  );
  assert.match(ctx.errors[0]!.message, /no file `nope\.rs`/);
  assert.match(ctx.errors[1]!.message, /outside the book's repository/);
  assert.match(ctx.errors[2]!.message, /no file|outside the book's repository/);
  assert.deepEqual(seen(ctx.warnings), [[chapter.file, 7, ctx.warnings[0]!.message]]);
  assert.match(ctx.warnings[0]!.message, /no anchor `nothere`/);
});

test('an mdBook book lists every include error of every chapter, each at its file and line', async () => {
  const root = await writeBook({
    'book.toml': '[book]\ntitle = "T"\n',
    'src/SUMMARY.md': '- [A](a.md)\n- [B](b.md)\n',
    'src/a.md': '# A\n\n{{#include one.rs}}\n\n{{#include two.rs}}\n',
    'src/b.md': '# B\n\nText.\n\n```\n{{#include three.rs}}\n```\n',
  });
  await assert.rejects(loadBook({ root }), (e: Error) => {
    assert.ok(e instanceof QuireErrors, String(e));
    const where = e.errors.map((x) => [relative(root, x.file!), x.line, /`([^`]+)`$/.exec(x.message)?.[1]]);
    assert.deepEqual(where, [
      [join('src', 'a.md'), 3, 'one.rs'],
      [join('src', 'a.md'), 5, 'two.rs'],
      [join('src', 'b.md'), 6, 'three.rs'],
    ]);
    return true;
  });
});

/** A project folder holding `examples/a.rs` and an mdBook book in `book` (a path below it) that includes it. */
async function project(base: string, { git = false, book = 'guide' } = {}) {
  await mkdir(join(base, 'examples'), { recursive: true });
  await writeFile(join(base, 'examples', 'a.rs'), 'fn a() {}\n');
  if (git) await mkdir(join(base, '.git'));
  const files: Record<string, string> = {
    'book.toml': '[book]\ntitle = "T"\n',
    'src/SUMMARY.md': '- [A](dev/a.md)\n',
    'src/dev/a.md': `# A\n\n\`\`\`rust\n{{#include ${'../'.repeat(2 + book.split('/').length)}examples/a.rs}}\n\`\`\`\n`,
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(base, book, path)), { recursive: true });
    await writeFile(join(base, book, path), text);
  }
  return join(base, book);
}

test('includes may read files of the repository holding the book (the nearest folder with .git)', async () => {
  const repo = join(await tempDir('quire-repo-'), 'deep', 'repo');
  // Two levels below the repository: its parent folder alone would not reach examples/.
  const guide = await project(repo, { git: true, book: 'docs/guide' });
  const book = await loadBook({ root: guide });
  assert.match(book.chapters[0]!.body, /fn a\(\) \{\}/);
  // A file outside the repository, by a relative path: refused.
  await writeFile(join(guide, 'src', 'dev', 'a.md'), '# A\n\n{{#include ../../../../../outside.txt}}\n');
  await writeFile(join(repo, '..', 'outside.txt'), 'OUTSIDE\n');
  await assert.rejects(loadBook({ root: guide }), /outside the book's repository/);
});

test('with no .git, includes may read the folder holding the book folder, never /etc', async () => {
  const guide = await project(join(await tempDir('quire-norepo-'), 'project'));
  assert.match((await loadBook({ root: guide })).chapters[0]!.body, /fn a\(\) \{\}/);
  const up = relative(join(guide, 'src', 'dev'), '/etc/passwd');
  await writeFile(join(guide, 'src', 'dev', 'a.md'), `# A\n\n{{#include ${up}}}\n`);
  await assert.rejects(loadBook({ root: guide }), (e: QuireError) => {
    assert.match(e.message, /outside the book's repository/);
    assert.doesNotMatch(e.message + (e.hint ?? ''), /root:/);
    return true;
  });
  // A book folder right in a shared folder (the temporary folder) reads only itself.
  assert.equal(includeRoot(guide, undefined, 'book.toml').folder, realpathSync(dirname(guide)));
  const alone = await tempDir('quire-alone-');
  assert.equal(realpathSync(dirname(alone)), realpathSync(tmpdir()));
  assert.equal(includeRoot(alone, undefined, 'book.toml').folder, realpathSync(alone));
});

test('[output.quire] includeRoot in book.toml allows a wider folder; a missing one is an error', async () => {
  const base = await tempDir('quire-wide-');
  const guide = await project(join(base, 'a', 'b'));
  // The book's own files are two levels below the include: refused by default, allowed by the setting.
  await writeFile(join(guide, 'src', 'dev', 'a.md'), '# A\n\n{{#include ../../../../shared.txt}}\n');
  await writeFile(join(base, 'a', 'shared.txt'), 'SHARED\n');
  await assert.rejects(loadBook({ root: guide }), /outside the book's repository/);
  const toml = join(guide, 'book.toml');
  await writeFile(toml, '[book]\ntitle = "T"\n\n[output.quire]\nincludeRoot = "../.."\n');
  assert.match((await loadBook({ root: guide })).chapters[0]!.body, /SHARED/);
  await writeFile(toml, '[book]\ntitle = "T"\n\n[output.quire]\nincludeRoot = "../nowhere"\n');
  await assert.rejects(loadBook({ root: guide }), (e: QuireError) => /includeRoot/.test(e.message) && e.file === toml);
});
