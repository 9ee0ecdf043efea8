/**
 * Watch mode against the real things: files edited on disk, the preview open in headless Chromium,
 * the CLI as a child process stopped by a signal.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { build } from '../../src/index.ts';
import { watch, type WatchEvent, type Watcher } from '../../src/watch/watch.ts';
import { CLI, copyFixture, markedProcesses, snapshot, tempDir, until } from '../helpers.ts';

const CHROME = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

async function startWatch(book: string, formats: ('html' | 'pdf' | 'epub')[] = ['html']) {
  const events: WatchEvent[] = [];
  const outDir = await tempDir();
  const watcher = await watch({
    root: book,
    outDir,
    formats,
    port: 0,
    wholePrintAfterMs: 300,
    onEvent: (e) => events.push(e),
  });
  await watcher.idle();
  return { watcher, events, outDir };
}

describe('the live preview', () => {
  let browser: Browser;
  let watcher: Watcher;
  let book: string;
  before(async () => {
    browser = await puppeteer.launch({ executablePath: CHROME, headless: true, args: ARGS });
    book = await copyFixture('features');
    ({ watcher } = await startWatch(book));
  });
  after(async () => {
    await browser?.close();
    await watcher?.close();
  });

  test('an edit shows in the open page by itself; an error shows as an overlay until fixed', async () => {
    const page = await browser.newPage();
    await page.goto(`${watcher.url}02-more.html`);
    const file = join(book, 'chapters', '02-more.md');
    const original = await readFile(file, 'utf8');

    // Marks on the page's elements: those the edit leaves alone must be the same nodes afterwards.
    const marked = await page.evaluate(() => {
      const all = [...document.body.querySelectorAll('*')];
      all.forEach((e) => ((e as HTMLElement & { quireMark?: boolean }).quireMark = true));
      return all.length;
    });
    await writeFile(file, `${original}\nA sentence added while the page was open.\n`);
    await page.waitForFunction(() => document.body.innerText.includes('A sentence added while the page was open.'), {
      timeout: 15_000,
    });
    const kept = await page.evaluate(
      () => [...document.body.querySelectorAll('*')].filter((e) => (e as { quireMark?: boolean }).quireMark).length,
    );
    assert.ok(kept > marked * 0.8, `patched in place: ${kept} of ${marked} elements kept`);

    await writeFile(file, `---\ntitle: [broken\n---\n${original}`);
    await page.waitForFunction(
      () => {
        const overlay = document.getElementById('quire-error-overlay');
        return overlay && overlay.style.display !== 'none' && overlay.textContent!.includes('02-more.md:2');
      },
      { timeout: 15_000 },
    );
    const overlayText = await page.$eval('#quire-error-overlay', (e) => e.textContent);
    assert.match(overlayText!, /invalid front matter/);
    assert.ok(
      (await page.evaluate(() => document.body.innerText)).includes('A sentence added'),
      'the last good page is still shown under the overlay',
    );

    await writeFile(file, original);
    await page.waitForFunction(() => document.getElementById('quire-error-overlay')?.style.display === 'none', {
      timeout: 15_000,
    });
    await page.waitForFunction(() => !document.body.innerText.includes('A sentence added'), { timeout: 15_000 });
  });

  test('a stylesheet change is swapped in without reloading the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${watcher.url}index.html`);
    let reloads = 0;
    page.on('load', () => reloads++);
    await writeFile(join(book, 'templates', 'styles', 'screen.css'), 'body { background: rgb(1, 2, 3); }\n').catch(
      async () => {
        const { mkdir } = await import('node:fs/promises');
        await mkdir(join(book, 'templates', 'styles'), { recursive: true });
        await writeFile(join(book, 'templates', 'styles', 'screen.css'), 'body { background: rgb(1, 2, 3); }\n');
      },
    );
    await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)', {
      timeout: 15_000,
    });
    assert.equal(reloads, 0);
  });
});

describe('a storm of saves', () => {
  test('50 saves across chapters: builds never overlap and the outputs equal a fresh build', async () => {
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      const book = await copyFixture('features');
      const { watcher, events, outDir } = await startWatch(book, ['html', 'pdf', 'epub']);
      try {
        const files = ['01-basics.md', '02-more.md'].map((f) => join(book, 'chapters', f));
        const originals = await Promise.all(files.map((f) => readFile(f, 'utf8')));
        for (let i = 0; i < 50; i++) {
          const which = i % 2;
          await writeFile(files[which]!, `${originals[which]}\n\nSave number ${i}.\n`);
          await new Promise((r) => setTimeout(r, 5));
        }
        await watcher.idle();
        await new Promise((r) => setTimeout(r, 300)); // late file-system events
        await watcher.idle();

        let open = 0;
        let builds = 0;
        for (const e of events) {
          if (e.type === 'build-start' && e.kind === 'site') {
            open++;
            builds++;
            assert.equal(open, 1, 'two site builds at once');
          }
          if (e.type === 'build-end' && e.kind === 'site') open--;
        }
        assert.ok(
          events.some((e) => e.type === 'build-start' && e.kind === 'site' && e.changes.length > 1) || builds < 50,
          `saves that arrive during a build are handled together (${builds} builds for 50 saves)`,
        );
        // A save caught half-written may fail a build on the way; the last builds must succeed.
        const ends = events.filter((e) => e.type === 'build-end');
        for (const kind of ['site', 'background']) {
          const last = ends.filter((e) => e.kind === kind).at(-1);
          assert.ok(last?.ok, `the last ${kind} build succeeded`);
        }

        const fresh = await tempDir();
        await build({ root: book, outDir: fresh, formats: ['html', 'pdf', 'epub'] });
        assert.deepEqual(snapshot(join(outDir, 'html')), snapshot(join(fresh, 'html')));
        for (const name of ['features.pdf', 'features.epub']) {
          assert.ok(
            readFileSync(join(outDir, name)).equals(readFileSync(join(fresh, name))),
            `${name} equals a fresh build's`,
          );
        }
      } finally {
        await watcher.close();
      }
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
  });
});

describe('chapters added, removed and renamed', () => {
  test('the contents and the navigation follow', async () => {
    const book = await copyFixture('features');
    const { watcher, outDir } = await startWatch(book);
    const index = () => readFile(join(outDir, 'html', 'index.html'), 'utf8');
    try {
      await writeFile(join(book, 'chapters', '03-added.md'), '# A Chapter Added Later\n\nNew.\n');
      await until(async () => (await index()).includes('A Chapter Added Later'), 'the added chapter in the contents');
      await until(
        async () => (await readFile(join(outDir, 'html', '02-more.html'), 'utf8')).includes('href="03-added.html"'),
        'a next link to the added chapter',
      );

      await rename(join(book, 'chapters', '03-added.md'), join(book, 'chapters', '03-renamed.md'));
      await until(
        async () => (await index()).includes('href="03-renamed.html"'),
        'the renamed chapter in the contents',
      );
      await until(async () => !(await index()).includes('href="03-added.html"'), 'the old name gone');
      // The site writes the changed pages, then removes those that are gone: the index may show first.
      await until(async () => !(await readdir(join(outDir, 'html'))).includes('03-added.html'), 'the old page removed');

      await rm(join(book, 'chapters', '03-renamed.md'));
      await until(async () => !(await index()).includes('A Chapter Added Later'), 'the removed chapter gone');
      await until(
        async () => !(await readFile(join(outDir, 'html', '02-more.html'), 'utf8')).includes('rel="next"'),
        'no next link from the last chapter',
      );
    } finally {
      await watcher.close();
    }
  });
});

describe('stopping', () => {
  test('after SIGTERM no Chromium or Quire process is left', async () => {
    const book = await copyFixture('features');
    const marker = randomUUID();
    const child = spawn(process.execPath, [...CLI, 'watch', book, '--port', '0', '--out', await tempDir()], {
      env: { ...process.env, QUIRE_TEST_MARKER: marker },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    await until(() => /background build done/.test(output), 'the first PDF and EPUB', 60_000);
    assert.ok(markedProcesses(marker).length > 1, 'Chromium was running');
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const sent = Date.now();
    child.kill('SIGTERM');
    assert.equal(await exited, 0, output);
    assert.ok(Date.now() - sent < 5000, 'stopped within 5 s');
    await until(() => markedProcesses(marker).length === 0, 'every marked process gone', 5000);
  });
});
