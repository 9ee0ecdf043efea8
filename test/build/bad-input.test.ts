/**
 * Bad input, one case each: the build exits 1 with a message naming the file and line and saying
 * what to do, and the output folder still holds the previous good outputs, byte for byte, with no
 * temporary file beside them. Warnings (an empty chapter, two chapters with one order) exit 0.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { copyFixture, runCli, snapshot, tempDir } from '../helpers.ts';

let base: string;
let good: Record<string, string>;

before(async () => {
  // One good build of every output, copied into each case: the PDF is printed once for the file.
  base = await copyFixture('features');
  const first = await runCli(['build', base, '--format', 'html,pdf,epub']);
  assert.equal(first.code, 0, first.stderr);
  good = snapshot(join(base, 'dist'));
  assert.ok(good['features.pdf'] && good['features.epub'] && good['html/index.html']);
});

/** A copy of the good book with its outputs, inside a folder of its own (for files "outside the book"). */
async function goodBook(): Promise<{ book: string; parent: string }> {
  const parent = await tempDir('quire-bad-');
  const book = join(parent, 'book');
  await cp(base, book, { recursive: true });
  return { book, parent };
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

async function edit(file: string, change: (text: string) => string): Promise<string> {
  const text = change(await readFile(file, 'utf8').catch(() => ''));
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, text);
  return text;
}

interface Case {
  name: string;
  /** Breaks the book; returns the pattern the message must match (file and line). */
  setup: (book: string, parent: string) => Promise<RegExp>;
  hint: RegExp;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** A warning: the build succeeds. */
  warning?: boolean;
}

const chapter = (book: string, name: string) => join(book, 'chapters', name);
const yaml = (book: string) => join(book, 'book.yaml');

const CASES: Case[] = [
  {
    name: 'invalid front matter YAML',
    setup: async (book) => {
      const t = await edit(chapter(book, '02-more.md'), (t) => `---\ntitle: x\ntags: [a, b\n---\n${t}`);
      return new RegExp(`chapters/02-more\\.md:${lineOf(t, 'tags:')}:\\d+: invalid front matter`);
    },
    hint: /hint: fix the YAML between the `---` lines/,
  },
  {
    name: 'an unknown book.yaml key',
    setup: async (book) => {
      const t = await edit(yaml(book), (t) => `${t}colophon: Printed somewhere\n`);
      return new RegExp(`book\\.yaml:${lineOf(t, 'colophon')}:1: unknown key \`colophon\``);
    },
    hint: /hint: remove it; known keys here: title, subtitle/,
  },
  {
    name: 'a misspelt book.yaml key',
    setup: async (book) => {
      const t = await edit(yaml(book), (t) => t.replace('language: en', 'langauge: en'));
      return new RegExp(`book\\.yaml:${lineOf(t, 'langauge')}:1: unknown key \`langauge\``);
    },
    hint: /hint: did you mean `language`\?/,
  },
  {
    name: 'a mistyped book.yaml key',
    setup: async (book) => {
      const t = await edit(yaml(book), (t) => `${t}pdf:\n  recto: sometimes\n`);
      return new RegExp(`book\\.yaml:${lineOf(t, 'sometimes')}:\\d+: \`pdf\\.recto\`: .*boolean`);
    },
    hint: /hint: see the book\.yaml reference/,
  },
  {
    name: 'no chapters folder',
    setup: async (book) => {
      await rm(join(book, 'chapters'), { recursive: true });
      return /error: chapters: cannot read the chapters folder/;
    },
    hint: /hint: create a chapters\/ folder next to book\.yaml/,
  },
  {
    name: 'no chapters',
    setup: async (book) => {
      for (const f of ['01-basics.md', '02-more.md']) await rm(chapter(book, f));
      return /error: chapters: no chapters found/;
    },
    hint: /hint: add Markdown files/,
  },
  {
    name: 'an empty chapter',
    warning: true,
    setup: async (book) => {
      await writeFile(chapter(book, '03-empty.md'), '---\ntitle: Empty\n---\n\n');
      return /warning: chapters\/03-empty\.md:4: the chapter is empty/;
    },
    hint: /hint: write something in it, mark it `draft: true`, or remove the file/,
  },
  {
    name: 'two chapters with the same order',
    warning: true,
    setup: async (book) => {
      await writeFile(chapter(book, '03-third.md'), '---\norder: 2\n---\n# Third\n\nText.\n');
      return /warning: chapters\/03-third\.md:1: `02-more\.md` and `03-third\.md` have the same order \(2\)/;
    },
    hint: /hint: they are ordered by file name/,
  },
  {
    name: 'a chapter listed twice',
    setup: async (book) => {
      const t = await edit(yaml(book), (t) => `${t}chapters:\n  - 01-basics.md\n  - 02-more.md\n  - ./01-basics.md\n`);
      return new RegExp(
        `book\\.yaml:${lineOf(t, './01-basics.md')}: book\\.yaml lists chapter \`\\./01-basics\\.md\` twice`,
      );
    },
    hint: /hint: remove one of the two entries/,
  },
  {
    name: 'a chapter in Big5',
    setup: async (book) => {
      // "# 第二章\n\n這是中文。\n" in Big5.
      const big5 = Buffer.from('2320b2c4a447b3b90a0a736f6d6520746578740ab36fac4fa4a4a4e5a1430a', 'hex');
      await writeFile(chapter(book, '02-more.md'), big5);
      return /chapters\/02-more\.md:1:3: the file is not UTF-8 text \(byte 0xb2 at line 1, column 3\)/;
    },
    hint: /hint: save the file as UTF-8/,
  },
  {
    name: 'a chapter in Latin-1',
    setup: async (book) => {
      const text = `# More\n\nPlain line.\nA caf${'\u00e9'} line.\n`;
      await writeFile(chapter(book, '02-more.md'), Buffer.from(text, 'latin1'));
      return /chapters\/02-more\.md:4:6: the file is not UTF-8 text \(byte 0xe9/;
    },
    hint: /hint: save the file as UTF-8/,
  },
  {
    name: 'binary data in a .md file',
    setup: async (book) => {
      const text = Buffer.concat([Buffer.from('# More\n\nLine three.\nfour: '), Buffer.from([0x89, 0x50, 0x00, 0x1a])]);
      await writeFile(chapter(book, '02-more.md'), text);
      return /chapters\/02-more\.md:4:\d+: binary data in a text file \(a NUL byte at line 4\)/;
    },
    hint: /hint: remove the binary data, or move the file out of the book; save the file as UTF-8/,
  },
  {
    name: 'a missing image',
    setup: async (book) => {
      const t = await edit(chapter(book, '01-basics.md'), (t) => t.replace('./img/dot.png', './img/missing.png'));
      return new RegExp(
        `chapters/01-basics\\.md:${lineOf(t, 'missing.png')}: file \`\\./img/missing\\.png\` not found`,
      );
    },
    hint: /hint: paths are relative to the chapter’s own folder/,
  },
  {
    name: 'an image path leading outside the book',
    setup: async (book, parent) => {
      await writeFile(join(parent, 'outside.png'), readFileSync(chapter(book, 'img/dot.png')));
      const t = await edit(chapter(book, '01-basics.md'), (t) => `${t}\n![escape](../../outside.png)\n`);
      return new RegExp(
        `chapters/01-basics\\.md:${lineOf(t, 'outside.png')}: \`\\.\\./\\.\\./outside\\.png\` is outside`,
      );
    },
    hint: /hint: copy the file into the book/,
  },
  {
    name: 'a symbolic link leading outside the book',
    setup: async (book, parent) => {
      await writeFile(join(parent, 'secret.png'), readFileSync(chapter(book, 'img/dot.png')));
      await symlink(join(parent, 'secret.png'), chapter(book, 'img/link.png'));
      const t = await edit(chapter(book, '02-more.md'), (t) => `${t}\n![linked](./img/link.png)\n`);
      return new RegExp(`chapters/02-more\\.md:${lineOf(t, 'link.png')}: \`\\./img/link\\.png\` is outside`);
    },
    hint: /hint: copy the file into the book/,
  },
  {
    name: 'a remote image while remoteImages is false',
    setup: async (book) => {
      const t = await edit(chapter(book, '02-more.md'), (t) => `${t}\n![far](https://example.invalid/far.png)\n`);
      return new RegExp(`chapters/02-more\\.md:${lineOf(t, 'far.png')}: remote image .* is not fetched`);
    },
    hint: /hint: download it into the book, or set `remoteImages: true` in book.yaml/,
    warning: true,
  },
  {
    name: 'a link to a missing chapter',
    setup: async (book) => {
      const t = await edit(chapter(book, '02-more.md'), (t) => `${t}\nSee [the lost one](./07-lost.md).\n`);
      return new RegExp(`chapters/02-more\\.md:${lineOf(t, '07-lost')}: link to \`\\./07-lost\\.md\`: no such chapter`);
    },
    hint: /hint: check the file name/,
  },
  {
    name: 'a link to a missing anchor in another chapter',
    setup: async (book) => {
      const t = await edit(chapter(book, '02-more.md'), (t) => `${t}\n\nSee [there](./01-basics.md#no-such-place).\n`);
      return new RegExp(
        `chapters/02-more\\.md:${lineOf(t, 'no-such-place')}: link to .*no heading or id \`no-such-place\``,
      );
    },
    hint: /hint: (the headings of 01-basics\.md have ids|did you mean)/,
  },
  {
    name: 'a template syntax error',
    setup: async (book) => {
      await edit(
        join(book, 'templates/partials/cover.hbs'),
        () => '<section>\n<h1>{{#if book.title}}</h1>\n</section>\n',
      );
      return /templates\/partials\/cover\.hbs:\d+: template syntax error/;
    },
    hint: /hint: check that every \{\{#block\}\} has its \{\{\/block\}\}/,
  },
  {
    name: 'an unknown partial',
    setup: async (book) => {
      await edit(join(book, 'templates/partials/cover.hbs'), () => '<section>\n{{> colophon}}\n</section>\n');
      return /templates\/partials\/cover\.hbs:2: unknown partial `colophon`/;
    },
    hint: /hint: add templates\/partials\/colophon\.hbs, or use one of:/,
  },
  {
    name: 'an unknown helper',
    setup: async (book) => {
      await edit(
        join(book, 'templates/partials/cover.hbs'),
        () => '<section>\n\n<h1>{{shout book.title}}</h1>\n</section>\n',
      );
      return /templates\/partials\/cover\.hbs:3: unknown helper `shout`/;
    },
    hint: /hint: available helpers: .*eq/,
  },
  {
    name: 'no browser found (pdf.browser and PUPPETEER_EXECUTABLE_PATH lead nowhere)',
    args: ['--format', 'pdf'],
    env: { PUPPETEER_EXECUTABLE_PATH: '/nowhere/chromium' },
    setup: async (book) => {
      const t = await edit(yaml(book), (t) => `${t}pdf:\n  browser: /nowhere/chrome\n`);
      return new RegExp(
        `book\\.yaml:${lineOf(t, '/nowhere/chrome')}: the browser \`/nowhere/chrome\` set as pdf\\.browser`,
      );
    },
    hint: /hint: .*apt-get install chromium.*@puppeteer\/browsers install chrome@stable/,
  },
  {
    name: 'no browser found (PUPPETEER_EXECUTABLE_PATH leads nowhere)',
    args: ['--format', 'pdf'],
    env: { PUPPETEER_EXECUTABLE_PATH: '/nowhere/chromium' },
    setup: async () => /error: PUPPETEER_EXECUTABLE_PATH is `\/nowhere\/chromium`, which does not exist/,
    hint: /hint: .*apt-get install chromium.*--format html,epub/,
  },
  {
    name: 'an output folder under a regular file (--out)',
    setup: async (book) => {
      await writeFile(join(book, 'a-file'), 'not a folder');
      return /error: cannot write to the output folder `.*a-file\/out`[\s\S]*ENOTDIR/;
    },
    args: ['--format', 'html,epub', '--out', 'a-file/out'],
    hint: /hint: pass --out a folder Quire can create and write/,
  },
  {
    name: 'an output folder that cannot be written (output.dir in /proc)',
    setup: async (book) => {
      const t = await edit(yaml(book), (t) => t.replace('output:\n', 'output:\n  dir: /proc/quire-cannot-write\n'));
      return new RegExp(`book\\.yaml:${lineOf(t, '/proc/quire')}: cannot write to the output folder`);
    },
    hint: /hint: set `output\.dir` in book\.yaml to a folder Quire can create and write/,
  },
];

describe('bad input', () => {
  for (const bad of CASES) {
    test(`${bad.name}: ${bad.warning ? 'a warning, exit 0' : 'exit 1, file and line, a hint, dist/ untouched'}`, async () => {
      const { book, parent } = await goodBook();
      const where = await bad.setup(book, parent);
      const result = await runCli(['build', '.', ...(bad.args ?? ['--format', 'html,epub'])], {
        cwd: book,
        env: bad.env,
      });
      assert.equal(result.code, bad.warning ? 0 : 1, result.stdout + result.stderr);
      assert.match(result.stderr, where);
      assert.match(result.stderr, bad.hint);
      assert.doesNotMatch(result.stderr, /^\s+at .*\.ts:\d+/m, 'no stack trace');
      const after = snapshot(join(book, 'dist'));
      if (bad.warning) {
        // Built anew, with the chapter the warning is about.
        for (const file of Object.keys(good)) assert.ok(file in after, `${file} is still there`);
        assert.deepEqual(
          Object.keys(after).filter((f) => /(^|\/)\./.test(f)),
          [],
          'no temporary file left behind',
        );
      } else {
        assert.deepEqual(after, good, 'dist/ holds the previous outputs, byte for byte, and nothing else');
      }
    });
  }
});
