/**
 * Nothing lost: a real `quire build` killed with SIGKILL while it prints the PDF or packages the
 * EPUB leaves the previous outputs whole and valid; SIGINT and SIGTERM stop it within 5 s with no
 * Chromium left; and Quire never writes inside the book's chapters/ or templates/.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, watch as watchDir } from 'node:fs';
import { appendFile, cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { watch } from '../../src/watch/watch.ts';
import {
  copyFixture,
  epubcheck,
  killMarked,
  markedBrowsers,
  markedProcesses,
  runCli,
  tempDir,
  until,
  snapshot,
  workFile,
  CLI,
} from '../helpers.ts';

let base: string;

before(async () => {
  base = await copyFixture('features');
  const first = await runCli(['build', base, '--format', 'html,pdf,epub']);
  assert.equal(first.code, 0, first.stderr);
});

/** A copy of the built book, with a chapter changed so that a new build would write different outputs. */
async function changedBook(): Promise<string> {
  const book = await tempDir();
  await cp(base, book, { recursive: true });
  await appendFile(join(book, 'chapters', '02-more.md'), '\n\nA paragraph the previous outputs do not have.\n');
  return book;
}

function startBuild(book: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [...CLI, 'build', book, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  return { child, exited, output: () => output };
}

/** True once Chromium is printing the book (its working file written, a browser running). */
const printing = (tmp: string, marker: string) => () =>
  workFile(tmp, 'print', 'book.html') !== undefined && markedBrowsers(marker).length > 0;

const pagesOf = async (file: string) => (await PDFDocument.load(readFileSync(file))).getPageCount();

test('SIGKILL during the PDF stage: the previous PDF is whole and opens', { timeout: 120_000 }, async () => {
  const book = await changedBook();
  const pdf = join(book, 'dist', 'features.pdf');
  const previous = readFileSync(pdf);
  const marker = randomUUID();
  const tmp = await tempDir();
  const run = startBuild(book, ['--format', 'pdf'], {
    QUIRE_TEST_MARKER: marker,
    TMPDIR: tmp,
    XDG_CACHE_HOME: tmp,
  });
  try {
    await until(printing(tmp, marker), 'the print to start', 60_000);
    run.child.kill('SIGKILL');
    assert.equal((await run.exited).signal, 'SIGKILL');
    // The browser's end of the pipe closed with Quire: it exits on its own.
    await until(() => markedProcesses(marker).length === 0, 'no Chromium left after SIGKILL', 5000);
    assert.ok(readFileSync(pdf).equals(previous), 'the previous PDF, byte for byte');
    assert.ok((await pagesOf(pdf)) > 2, 'and pdf-lib opens it');
  } finally {
    killMarked(marker);
  }
  // The next build sweeps whatever the killed one left beside the outputs.
  const next = await runCli(['build', book, '--format', 'pdf']);
  assert.equal(next.code, 0, next.stderr);
  assert.deepEqual(readdirSync(join(book, 'dist')).sort(), ['features.epub', 'features.pdf', 'html']);
});

test(
  'SIGKILL while the EPUB is being written: the previous EPUB is whole and passes epubcheck',
  { timeout: 120_000 },
  async () => {
    const book = await changedBook();
    const dist = join(book, 'dist');
    const epub = join(dist, 'features.epub');
    const previous = readFileSync(epub);
    const run = startBuild(book, ['--format', 'epub'], {});
    // Killed the moment its temporary file appears beside the EPUB: mid-write.
    let seen = '';
    const watcher = watchDir(dist, (_, name) => {
      if (!seen && name && /^\.features\.epub\.tmp-/.test(String(name))) {
        seen = String(name);
        run.child.kill('SIGKILL');
      }
    });
    try {
      const { signal } = await run.exited;
      assert.equal(signal, 'SIGKILL', `killed while writing the EPUB\n${run.output()}`);
    } finally {
      watcher.close();
    }
    assert.ok(seen, 'the kill came while the temporary file was there');
    const now = readFileSync(epub);
    // The rename is the last step: unless it slipped in before the signal landed, the bytes are the old ones.
    if (!now.equals(previous)) assert.ok(!existsSync(join(dist, seen)), 'a changed EPUB only once renamed whole');
    const report = await epubcheck(epub);
    assert.equal(report.fatals + report.errors, 0, JSON.stringify(report.messages.slice(0, 5)));

    const next = await runCli(['build', book, '--format', 'epub']);
    assert.equal(next.code, 0, next.stderr);
    assert.ok(!readdirSync(dist).some((f) => f.startsWith('.')), 'the next build sweeps the temporary file');
  },
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(
    `${signal} during a build: stopped within 5 s, no Chromium left, outputs whole`,
    { timeout: 120_000 },
    async () => {
      const book = await changedBook();
      const pdf = join(book, 'dist', 'features.pdf');
      const previous = readFileSync(pdf);
      const marker = randomUUID();
      const tmp = await tempDir();
      const run = startBuild(book, ['--format', 'html,pdf,epub'], {
        QUIRE_TEST_MARKER: marker,
        TMPDIR: tmp,
        XDG_CACHE_HOME: tmp,
      });
      try {
        await until(printing(tmp, marker), 'the print to start', 60_000);
        const sent = Date.now();
        run.child.kill(signal);
        const { code } = await run.exited;
        assert.ok(Date.now() - sent < 5000, `stopped within 5 s (${Date.now() - sent} ms)`);
        assert.equal(code, signal === 'SIGINT' ? 130 : 143, run.output());
        await until(() => markedProcesses(marker).length === 0, 'every Chromium process gone', 5000);
        assert.ok(readFileSync(pdf).equals(previous), 'the PDF being printed was not written');
        assert.ok((await pagesOf(pdf)) > 2);
      } finally {
        killMarked(marker);
      }
    },
  );
}

test(
  'Quire never writes inside chapters/ or templates/, in a build or a watch session',
  { timeout: 120_000 },
  async () => {
    const book = await copyFixture('features');
    await mkdir(join(book, 'templates', 'partials'), { recursive: true });
    await writeFile(
      join(book, 'templates', 'partials', 'cover.hbs'),
      '<section class="cover"><h1>{{book.title}}</h1></section>\n',
    );
    await mkdir(join(book, 'templates', 'styles'), { recursive: true });
    await writeFile(join(book, 'templates', 'styles', 'screen.css'), 'body { color: #222; }\n');
    const sources = () => ({
      chapters: snapshot(join(book, 'chapters'), { times: true }),
      templates: snapshot(join(book, 'templates'), { times: true }),
    });
    const before = sources();
    const events: string[] = [];
    const watchers = ['chapters', 'templates'].map((d) =>
      watchDir(join(book, d), { recursive: true }, (type, name) => events.push(`${d}/${name} ${type}`)),
    );
    try {
      const built = await runCli(['build', book, '--format', 'html,pdf,epub', '--handouts']);
      assert.equal(built.code, 0, built.stderr);
      const watcher = await watch({ root: book, outDir: await tempDir(), formats: ['html', 'epub'], port: 0 });
      try {
        await watcher.idle();
        await appendFile(join(book, 'book.yaml'), 'description: Changed while watching.\n');
        await new Promise((r) => setTimeout(r, 300));
        await watcher.idle();
      } finally {
        await watcher.close();
      }
    } finally {
      watchers.forEach((w) => w.close());
    }
    assert.deepEqual(events, [], 'no file-system event inside chapters/ or templates/');
    assert.deepEqual(sources(), before);
  },
);
