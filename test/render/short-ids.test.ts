/** Every named destination of the PDF fits the PDF's 127-byte name limit, a chapter's own title included. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { runCli, writeBook } from '../helpers.ts';

test('a chapter titled with a long Chinese heading: its destination within the limit, links to it working', async () => {
  const title = '超级账本项目简介与面向企业的分布式账本平台设计';
  const root = await writeBook({
    'book.yaml': 'title: 長標題\nlanguage: zh-Hans\n',
    'chapters/01-a.md': `# ${title}\n\n正文。\n`,
    'chapters/02-b.md': `# 第二\n\n见[前一章](01-a.md)与[标题](01-a.md#${encodeURIComponent(title.toLowerCase())})。\n`,
  });
  const built = await runCli(['build', root, '--format', 'pdf']);
  assert.equal(built.code, 0, built.stderr);
  const pdf = join(root, 'dist', 'book.pdf');
  // The source's title, percent-encoded as Chromium names its destination, is over the limit.
  assert.ok(Buffer.byteLength(encodeURIComponent(title)) > 127);
  const bytes = (await readFile(pdf)).toString('latin1');
  const names = [...bytes.matchAll(/\/Dest\s*\/([^\s/<>[\]()]+)/g)].map((m) =>
    m[1]!.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
  );
  assert.ok(names.length >= 2, 'the links have destinations');
  for (const name of names) assert.ok(name.length <= 127, `a ${name.length}-byte destination name`);
  const { stderr } = await promisify(execFile)('pdftotext', [pdf, '-']);
  assert.doesNotMatch(stderr, /name token is longer/);
});
