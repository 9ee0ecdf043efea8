/**
 * Nothing left behind: a Quire killed with SIGKILL takes its Chromium with it (while printing, while
 * drawing diagrams, in watch mode); a build leaves nothing in the shared temporary folder and never
 * reads what someone else planted there; its cache is private and checked; and in watch mode a change
 * of book.yaml during a background print does not pull the browser from under it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { MERMAID_CONFIG, MERMAID_VERSION } from '../../src/enrich/mermaid-page.ts';
import { watch, type WatchEvent } from '../../src/watch/watch.ts';
import {
  CLI,
  copyFixture,
  killMarked,
  markedBrowsers,
  markedProcesses,
  pdfPages,
  runCli,
  tempDir,
  until,
  workFile,
} from '../helpers.ts';

/** A Quire process with its own temporary and cache folders, marked so its Chromium can be found. */
function startQuire(args: string[], home: string) {
  const marker = randomUUID();
  const child = spawn(process.execPath, [...CLI, ...args], {
    env: { ...process.env, QUIRE_TEST_MARKER: marker, TMPDIR: home, XDG_CACHE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<string | null>((done) => child.on('exit', (_code, signal) => done(signal)));
  return { child, marker, exited, output: () => output };
}

/** SIGKILL the Quire once `busy` holds; its browser must be gone within 5 s without anyone's help. */
async function killWhile(args: string[], busy: (home: string, marker: string) => boolean, what: string) {
  const home = await tempDir();
  const run = startQuire(args, home);
  try {
    await until(() => busy(home, run.marker), what, 90_000);
    run.child.kill('SIGKILL');
    assert.equal(await run.exited, 'SIGKILL', run.output());
    await until(() => markedProcesses(run.marker).length === 0, `no Chromium left after SIGKILL ${what}`, 5000);
  } finally {
    killMarked(run.marker);
  }
}

/** A book with enough distinct diagrams that drawing them takes a few seconds. */
async function diagramBook(count: number): Promise<string> {
  const book = await copyFixture('diagrams-math');
  const charts = Array.from(
    { length: count },
    (_, i) => `\`\`\`mermaid\nflowchart LR\n  A${i} --> B${i} --> C${i}\n\`\`\``,
  );
  await writeFile(join(book, 'chapters', '03-many.md'), `# Many diagrams\n\n${charts.join('\n\n')}\n`);
  return book;
}

test('SIGKILL while diagrams are drawn: the browser drawing them exits with Quire', { timeout: 120_000 }, async () => {
  const book = await diagramBook(80);
  await killWhile(
    ['build', book, '--format', 'html'],
    (home, marker) => workFile(home, 'diagrams', 'diagrams.html') !== undefined && markedBrowsers(marker).length > 0,
    'while drawing diagrams',
  );
});

test('SIGKILL of quire watch while its background PDF prints: no browser left', { timeout: 120_000 }, async () => {
  const book = await copyFixture('features');
  await killWhile(
    ['watch', book, '--format', 'html,pdf', '--port', '0'],
    (home, marker) => workFile(home, 'print', 'book.html') !== undefined && markedBrowsers(marker).length > 0,
    'while watch mode prints',
  );
});

/** The key the diagram cache once used in the shared temporary folder, computed from its published formula. */
const oldDiagramKey = (source: string) =>
  createHash('sha256')
    .update(JSON.stringify([MERMAID_VERSION, MERMAID_CONFIG, 'latin', source]))
    .digest('hex')
    .slice(0, 32);

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());

test(
  'a build with diagrams and a drawn cover leaves the temporary folder as it was and reads nothing planted there',
  { timeout: 180_000 },
  async () => {
    const book = await copyFixture('diagrams-math');
    const tmp = await tempDir();
    const cacheHome = await tempDir();
    // Someone else got there first: an SVG at the place the diagram cache used to look.
    const source = /```mermaid\n([\s\S]*?)```/.exec(
      await readFile(join(book, 'chapters', '01-diagram.md'), 'utf8'),
    )![1]!;
    const planted = join(tmp, 'quire-cache', 'diagrams', `${oldDiagramKey(source)}.svg`);
    await mkdir(join(planted, '..'), { recursive: true });
    await writeFile(planted, '<svg xmlns="http://www.w3.org/2000/svg"><text>PLANTED-IN-TMP</text></svg>');
    const before = files(tmp);

    // tsx, which runs the sources in a clone, keeps a compile cache in TMPDIR; the installed package
    // has no tsx (test/package.test.ts looks at its temporary folder too).
    const env = { TMPDIR: tmp, XDG_CACHE_HOME: cacheHome, TSX_DISABLE_CACHE: '1' };
    const built = await runCli(['build', book], { env });
    assert.equal(built.code, 0, built.stderr);
    assert.deepEqual(files(tmp), before, 'nothing added to the temporary folder');
    const site = readdirSync(join(book, 'dist', 'html')).filter((f) => f.endsWith('.html'));
    for (const page of site) {
      assert.doesNotMatch(readFileSync(join(book, 'dist', 'html', page), 'utf8'), /PLANTED/, page);
    }
    assert.match(
      readFileSync(
        join(
          book,
          'dist',
          'html',
          site.find((p) => p !== 'index.html')!,
        ),
        'utf8',
      ),
      /<svg/,
    );

    // The cache: the user's own folder, closed to others, with the diagram and the cover in it.
    const cache = join(cacheHome, 'quire');
    for (const dir of [cache, join(cache, 'diagrams'), join(cache, 'covers'), join(cache, 'work')]) {
      assert.equal(statSync(dir).mode & 0o777, 0o700, dir);
    }
    assert.deepEqual(readdirSync(join(cache, 'work')), [], 'every work folder removed');
    const svgs = readdirSync(join(cache, 'diagrams')).filter((f) => f.endsWith('.svg'));
    assert.ok(svgs.length >= 1, 'the diagram is cached');
    assert.ok(
      readdirSync(join(cache, 'covers')).some((f) => f.endsWith('.png')),
      'the drawn cover is cached',
    );

    // An entry whose content no longer matches its hash is not used, and is drawn and written again.
    for (const svg of svgs) {
      await writeFile(
        join(cache, 'diagrams', svg),
        '<svg xmlns="http://www.w3.org/2000/svg"><text>TAMPERED</text></svg>',
      );
    }
    const again = await runCli(['build', book, '--format', 'html'], { env });
    assert.equal(again.code, 0, again.stderr);
    for (const page of site) {
      assert.doesNotMatch(readFileSync(join(book, 'dist', 'html', page), 'utf8'), /TAMPERED/, page);
    }
    for (const svg of svgs) {
      const data = readFileSync(join(cache, 'diagrams', svg));
      assert.equal(createHash('sha256').update(data).digest('hex'), svg.replace(/\.svg$/, ''), 'rewritten whole');
    }
    assert.deepEqual(files(tmp), before, 'still nothing added to the temporary folder');

    // --no-cache: nothing read from the cache, nothing written to it.
    const emptyCache = await tempDir();
    const uncached = await runCli(['build', book, '--format', 'html', '--no-cache'], {
      env: { ...env, XDG_CACHE_HOME: emptyCache },
    });
    assert.equal(uncached.code, 0, uncached.stderr);
    assert.deepEqual(files(emptyCache), [], '--no-cache writes no entry');
  },
);

test(
  'watch mode: book.yaml changed while the background PDF prints, round after round, with no error',
  { timeout: 600_000 },
  async () => {
    const rounds = Number(process.env.QUIRE_ROUNDS ?? 3);
    const book = await copyFixture('features');
    // A chapter long enough that reprinting it takes a few seconds, for book.yaml to change meanwhile.
    const paragraph = 'A paragraph long enough to fill a few lines of a printed page, written again and again. ';
    await writeFile(
      join(book, 'chapters', '99-long.md'),
      `# A long chapter\n\n${`${paragraph.repeat(6)}\n\n`.repeat(1200)}`,
    );
    const cacheHome = await tempDir();
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cacheHome; // to see this process's print work folder
    const events: WatchEvent[] = [];
    const watcher = await watch({
      root: book,
      outDir: join(book, 'dist'),
      formats: ['html', 'pdf'],
      port: 0,
      wholePrintAfterMs: 60_000,
      onEvent: (e) => events.push(e),
    });
    try {
      await watcher.idle();
      const yaml = await readFile(join(book, 'book.yaml'), 'utf8');
      const title = /^title: (.*)$/m.exec(yaml)![1]!;
      for (let round = 1; round <= rounds; round++) {
        // An edit starts a background print; book.yaml changes while it runs.
        const seen = events.length;
        await writeFile(join(book, 'chapters', '99-long.md'), `\n\nRound ${round}.\n`, { flag: 'a' });
        await until(
          () =>
            events.slice(seen).some((e) => e.type === 'build-start' && e.kind === 'background') &&
            workFile(cacheHome, 'print', 'chapters-99-long.html') !== undefined,
          'the background print to start',
          60_000,
        );
        await writeFile(join(book, 'book.yaml'), yaml.replace(/^title: .*$/m, `title: ${title} round ${round}`));
        await watcher.idle();
        const errors = events.filter((e) => e.type === 'error');
        assert.deepEqual(errors, [], `round ${round}`);
        const last = events.filter((e) => e.type === 'build-end' && e.kind === 'background').at(-1);
        assert.ok(last?.type === 'build-end' && last.ok, `round ${round}: the last background build succeeded`);
        const text = (await pdfPages(join(book, 'dist', 'features.pdf'))).join('\n');
        assert.match(text, new RegExp(`round ${round}`), `round ${round}: the PDF has the new title`);
      }
    } finally {
      await watcher.close();
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  },
);
