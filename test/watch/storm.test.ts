/**
 * Watch mode for hours, compressed: a storm of 500 saves in about 10 s (some leaving a file briefly
 * empty or half-written, a chapter deleted during its own build) ends with no crash, never two
 * builds at once, and outputs equal to a fresh build's; and 1,000 rebuilds leave the heap where it was.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { build } from '../../src/build.ts';
import { isUserError } from '../../src/util/errors.ts';
import { watch, type WatchEvent } from '../../src/watch/watch.ts';
import { ROOT, copyFixture, snapshot, tempDir } from '../helpers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(
  '500 saves in ~10 s, half-written files and a chapter deleted mid-build: no crash, one build at a time, the fresh build’s outputs',
  { timeout: 240_000 },
  async () => {
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    const crashes: unknown[] = [];
    const onCrash = (error: unknown) => crashes.push(error);
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    try {
      const book = await copyFixture('features');
      const chapters = join(book, 'chapters');
      const names = ['01-basics.md', '02-more.md'];
      const originals = await Promise.all(names.map((n) => readFile(join(chapters, n), 'utf8')));
      const extra = join(chapters, '03-extra.md');
      const extraText = (i: number) => `# Extra\n\nSaved ${i} times. See [the basics](./01-basics.md).\n`;
      await writeFile(extra, extraText(0));

      const events: WatchEvent[] = [];
      const outDir = await tempDir();
      let extraExists = true;
      let deletions = 0;
      const watcher = await watch({
        root: book,
        outDir,
        formats: ['html', 'epub'],
        port: 0,
        onEvent: (e) => {
          events.push(e);
          // A chapter deleted while its own change is being built.
          if (
            e.type === 'build-start' &&
            e.kind === 'site' &&
            e.changes.includes('chapters/03-extra.md') &&
            deletions < 20
          ) {
            deletions++;
            extraExists = false;
            void rm(extra, { force: true });
          }
        },
      });
      try {
        await watcher.idle();
        const started = Date.now();
        for (let i = 1; i <= 500; i++) {
          const which = i % 2;
          const file = join(chapters, names[which]!);
          const full = `${originals[which]}\n\nSave number ${i}.\n`;
          if (i % 10 === 3) {
            await writeFile(file, ''); // an editor truncates, then writes
            await sleep(2);
          } else if (i % 10 === 7) {
            await writeFile(file, full.slice(0, Math.floor(full.length / 2))); // caught half-written
            await sleep(2);
          }
          await writeFile(file, full);
          if (i % 25 === 0) {
            await writeFile(extra, extraText(i));
            extraExists = true;
          }
          await sleep(Math.max(0, started + i * 20 - Date.now())); // about 500 saves in 10 s
        }
        // The storm is over: every file as it finally is.
        if (!extraExists) await writeFile(extra, extraText(501));
        await watcher.idle();
        await sleep(400); // late file-system events
        await watcher.idle();
      } finally {
        await watcher.close();
      }

      assert.deepEqual(crashes, [], 'no uncaught exception or unhandled rejection');
      for (const kind of ['site', 'background'] as const) {
        let open = 0;
        for (const e of events) {
          if (e.type === 'build-start' && e.kind === kind) assert.equal(++open, 1, `two ${kind} builds at once`);
          if (e.type === 'build-end' && e.kind === kind) open--;
        }
        const ends = events.filter(
          (e): e is Extract<WatchEvent, { type: 'build-end' }> => e.type === 'build-end' && e.kind === kind,
        );
        assert.ok(ends.at(-1)?.ok, `the last ${kind} build succeeded`);
      }
      assert.ok(deletions > 0, 'a chapter was deleted during its own build');
      const errors = events.filter((e): e is Extract<WatchEvent, { type: 'error' }> => e.type === 'error');
      for (const e of errors) assert.ok(isUserError(e.error), `only the book's own errors, not a crash: ${e.message}`);

      const fresh = await tempDir();
      await build({ root: book, outDir: fresh, formats: ['html', 'epub'] });
      assert.deepEqual(
        snapshot(join(outDir, 'html')),
        snapshot(join(fresh, 'html')),
        'the site equals a fresh build’s',
      );
      assert.ok(
        readFileSync(join(outDir, 'features.epub')).equals(readFileSync(join(fresh, 'features.epub'))),
        'the EPUB equals a fresh build’s',
      );
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
    }
  },
);

test(
  '1,000 rebuilds: the heap after rebuild 1,000 is within 20 MB of that after rebuild 100',
  { timeout: 600_000 },
  async () => {
    const book = await copyFixture('features');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        join(ROOT, 'test', 'support', 'rebuild-memory.ts'),
        book,
        await tempDir(),
        '1000',
        '100',
        '1000',
      ],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    const { heap } = JSON.parse(stdout.trim().split('\n').at(-1)!) as { heap: Record<string, number> };
    const growth = heap['1000']! - heap['100']!;
    assert.ok(growth < 20 * 1024 * 1024, `the heap grew by ${(growth / 1024 / 1024).toFixed(1)} MB`);
  },
);
