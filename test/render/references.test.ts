/** An error about a reference-style link names the line of its `[label]: url` definition. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, tempDir, writeBook } from '../helpers.ts';

test('a broken reference-style link is reported at the line of its definition', async () => {
  const chapter = [
    '# One', //                                    1
    '', //                                         2
    'A paragraph that starts here and goes on,', // 3
    'then refers to [the guide][guide] and', //   4
    'ends on this line.', //                       5
    '', //                                         6
    'Another paragraph.', //                       7
    '', //                                         8
    '[guide]: ./no-such-chapter.md', //           9
  ].join('\n');
  const root = await writeBook({ 'book.yaml': 'title: Refs\n', 'chapters/01-one.md': chapter });
  const result = await runCli(['build', root, '--format', 'html', '--out', await tempDir()]);
  assert.equal(result.code, 1, result.stderr);
  const definition = chapter.split('\n').findIndex((l) => l.startsWith('[guide]:')) + 1;
  assert.match(result.stderr, new RegExp(`01-one\\.md:${definition}\\b.*no-such-chapter`), result.stderr);
});
