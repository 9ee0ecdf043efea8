/**
 * Run by test/watch/storm.test.ts in a child `node --expose-gc`: rebuilds a book's site the way watch
 * mode does (one session, a chapter changed before each build) and prints the heap in use, after a
 * full collection, at the rebuilds asked for, as JSON.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, createSession } from '../../src/build.ts';

const [root, outDir, countArg, ...marks] = process.argv.slice(2);
const count = Number(countArg);
const gc = (globalThis as { gc?: () => void }).gc;
if (!root || !outDir || !gc)
  throw new Error('usage: node --expose-gc --import tsx rebuild-memory.ts <root> <out> <n> <mark>…');

const session = createSession();
const chapters = ['01-basics.md', '02-more.md'].map((f) => join(root, 'chapters', f));
const originals = await Promise.all(chapters.map((f) => readFile(f, 'utf8')));
const heap: Record<string, number> = {};
for (let i = 1; i <= count; i++) {
  const which = i % chapters.length;
  await writeFile(chapters[which]!, `${originals[which]}\n\nRebuild number ${i}.\n`);
  await build({ root, outDir, formats: ['html'], handouts: false, session });
  if (marks.includes(String(i))) {
    gc();
    gc();
    heap[i] = process.memoryUsage().heapUsed;
  }
}
console.log(JSON.stringify({ heap, rss: process.resourceUsage().maxRSS * 1024 }));
