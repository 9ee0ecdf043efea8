/**
 * The browser failing under a print, for real: the test finds the Chromium that `quire build` started
 * (by an environment marker) once the print is under way, and kills it (a crash) or freezes it (a
 * hang). Quire notices within a bounded time, prints again in a fresh browser, and after a second
 * failure stops with a clear error; the previous PDF stays as it was and no Chromium is left.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { appendFile, cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { findBrowser, LazyBrowser } from '../../src/browser/browser.ts';
import { printWithRetry } from '../../src/browser/print-watchdog.ts';
import {
  CLI,
  copyFixture,
  killMarked,
  markedBrowsers,
  markedProcesses,
  runCli,
  tempDir,
  until,
  workFile,
} from '../helpers.ts';

let base: string;
/** A book whose print takes seconds, so a browser killed once its print is seen starting dies mid-print. */
let long: string;

before(async () => {
  base = await copyFixture('features');
  await appendFile(join(base, 'book.yaml'), 'pdf:\n  printTimeout: 4\n');
  const first = await runCli(['build', base, '--format', 'pdf']);
  assert.equal(first.code, 0, first.stderr);
  long = await copyFixture('features');
  const paragraph = 'A paragraph long enough to fill a few lines of a printed page, written again and again. '.repeat(
    6,
  );
  await writeFile(join(long, 'chapters', '99-long.md'), `# A long chapter\n\n${`${paragraph}\n\n`.repeat(1500)}`);
  const second = await runCli(['build', long, '--format', 'pdf']);
  assert.equal(second.code, 0, second.stderr);
});

/** The print's working file, once the PDF stage has written it (in the child's own cache folder). */
const printFile = (tmp: string, name: string) => workFile(tmp, 'print', name);

function startBuild(book: string, marker: string, tmp: string) {
  const child = spawn(process.execPath, [...CLI, 'build', book, '--format', 'pdf'], {
    env: { ...process.env, QUIRE_TEST_MARKER: marker, TMPDIR: tmp, XDG_CACHE_HOME: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { exited, output: () => output };
}

/** Wait for the print to be under way in a browser other than `previous`, and return that browser. */
async function printing(marker: string, tmp: string, previous?: number, since = 0): Promise<number> {
  let pid: number | undefined;
  await until(
    () => {
      const file = printFile(tmp, 'book.html');
      pid = markedBrowsers(marker).find((p) => p !== previous);
      return pid !== undefined && file !== undefined && statSync(file).mtimeMs >= since;
    },
    'the print to start',
    60_000,
  );
  return pid!;
}

test(
  'a browser that crashes twice mid-print: one retry, then a clear error; the old PDF kept',
  { timeout: 120_000 },
  async () => {
    const book = await tempDir();
    await cp(long, book, { recursive: true });
    const before = readFileSync(join(book, 'dist', 'features.pdf'));
    const marker = randomUUID();
    const tmp = await tempDir();
    const run = startBuild(book, marker, tmp);
    try {
      const first = await printing(marker, tmp);
      process.kill(first, 'SIGKILL');
      // The retry starts once Quire has noticed; a print file written before then is the first attempt's.
      await until(() => run.output().includes('printing again in a fresh browser'), 'the retry', 60_000);
      const second = await printing(marker, tmp, first, Date.now());
      process.kill(second, 'SIGKILL');
      assert.equal(await run.exited, 1, run.output());
      const output = run.output();
      assert.match(output, /warning: the browser crashed while printing the PDF; printing again in a fresh browser/);
      assert.match(output, /error: the browser crashed while printing the PDF, twice/);
      assert.match(output, /hint: check that the browser runs/);
      assert.doesNotMatch(output, /^\s+at /m, 'no stack trace');
      assert.ok(readFileSync(join(book, 'dist', 'features.pdf')).equals(before), 'the previous PDF is kept');
      assert.deepEqual(readdirSync(join(book, 'dist')).sort(), ['features.pdf'], 'no temporary file left');
      await until(() => markedProcesses(marker).length === 0, 'no Chromium left', 5000);
    } finally {
      killMarked(marker);
    }
  },
);

test(
  'a browser that hangs mid-print is killed after pdf.printTimeout and the print done again',
  { timeout: 120_000 },
  async () => {
    const book = await tempDir();
    await cp(base, book, { recursive: true });
    const marker = randomUUID();
    const tmp = await tempDir();
    const run = startBuild(book, marker, tmp);
    try {
      const first = await printing(marker, tmp);
      process.kill(first, 'SIGSTOP'); // frozen: alive, but never answers
      assert.equal(await run.exited, 0, run.output());
      assert.match(
        run.output(),
        /warning: the browser did not answer within 4 s while printing the PDF; printing again/,
      );
      const pdf = await PDFDocument.load(readFileSync(join(book, 'dist', 'features.pdf')));
      assert.ok(pdf.getPageCount() > 2, 'a whole PDF from the second browser');
      await until(() => markedProcesses(marker).length === 0, 'no Chromium left, the frozen one included', 5000);
    } finally {
      killMarked(marker);
    }
  },
);

test('each call to the browser is bounded by pdf.printTimeout, not by a fixed limit of its own', async () => {
  // A call that never returns: with puppeteer's own 180 s limit this would outlast the test.
  const browser = new LazyBrowser(() => findBrowser(undefined, join(base, 'book.yaml')), 1500);
  try {
    const page = await (await browser.get()).newPage();
    const started = performance.now();
    await assert.rejects(
      page.evaluate(() => new Promise(() => undefined)),
      /timed out/,
    );
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds >= 1.4 && seconds < 30, `gave up after ${seconds.toFixed(1)} s`);
  } finally {
    await browser.close();
  }
});

test('the time limit is for one print: a long book printed in parts may take longer in all, while each part reports done', async () => {
  const browser = new LazyBrowser(() => findBrowser(undefined, join(base, 'book.yaml')), 10_000);
  const warnings: string[] = [];
  const options = { timeoutMs: 2000, what: 'the PDF', warn: (w: { message: string }) => warnings.push(w.message) };
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    // Five "parts" of 1 s each: 5 s in all, against a limit of 2 s for one (wide enough for a busy machine).
    const parts = await printWithRetry(browser, options, async (chrome, progress) => {
      for (let i = 0; i < 5; i++) {
        await (await chrome.pages())[0]?.evaluate(() => 1);
        await pause(1000);
        progress();
      }
      return 5;
    });
    assert.equal(parts, 5);
    assert.deepEqual(warnings, []);
    // Without reports, the same work is taken for a hang, tried again, then given up.
    await assert.rejects(
      printWithRetry(browser, options, async () => {
        await pause(5000);
      }),
      /did not answer within 2 s while printing the PDF, twice/,
    );
    assert.equal(warnings.length, 1);
  } finally {
    await browser.close();
  }
});
