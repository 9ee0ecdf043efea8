/** Warnings on the command line: grouped by kind with a count and the first places; all with --verbose. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, writeBook } from '../helpers.ts';

test('many warnings of one kind print as one, with the count and the first places; --verbose lists each', async () => {
  const links = Array.from({ length: 9 }, (_, i) => `See [gone ${i}](a.md#gone-${i}).`);
  const root = await writeBook({
    'SUMMARY.md': '- [A](a.md)\n- [B](b.md)\n',
    'a.md': '# A\n\nText.\n',
    'b.md': `# B\n\n${links.join('\n\n')}\n\n![badge](https://img.example.invalid/b.svg)\n`,
  });
  const grouped = await runCli(['check', root, '--no-epubcheck']);
  assert.equal(grouped.code, 0, grouped.stderr);
  const warningLines = grouped.stderr.split('\n').filter((l) => l.startsWith('warning:'));
  assert.equal(warningLines.length, 2, grouped.stderr); // one per kind: the links, the remote image
  assert.match(grouped.stderr, /b\.md:3: link to `a\.md#gone-0`/);
  const more = /… and (\d+) more of this kind \(--verbose lists each\): (.*)/.exec(grouped.stderr);
  assert.ok(more, grouped.stderr);
  assert.equal(Number(more[1]), links.length - 1);
  assert.equal(more[2]!.match(/b\.md:\d+/g)?.length, 5);
  assert.match(more[2]!, /and 3 more$/);
  assert.match(grouped.stderr, /10 warnings of 2 kinds/);

  const verbose = await runCli(['check', root, '--no-epubcheck', '--verbose']);
  const each = verbose.stderr.split('\n').filter((l) => l.startsWith('warning:'));
  assert.equal(each.length, links.length + 1);
  links.forEach((_, i) =>
    assert.match(verbose.stderr, new RegExp(`b\\.md:${3 + 2 * i}: link to \`a\\.md#gone-${i}\``)),
  );
});
