/**
 * The command line's account of a build: live status lines under a pseudo-terminal (util-linux's
 * `script`), plain text without one, the JSON report against the schema shipped with Quire, and
 * warnings grouped so that hundreds of them stay readable.
 */
/* eslint-disable no-control-regex -- what is tested is which terminal control characters are written */
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import type { JsonReport } from '../../src/report/json-report.ts';
import { statusDisplay } from '../../src/report/status.ts';
import { style } from '../../src/report/style.ts';
import { CLI, copyFixture, pdfInfo, ROOT, runCli, until, writeBook, type CliResult } from '../helpers.ts';

const run = promisify(execFile);
/** ESC and carriage return: neither belongs in a CI log. */
const CONTROL = /[\x1b\r]/;
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
/**
 * The environment without the colour switches the tests set themselves, nor those Node reads to
 * decide whether a terminal shows colour: with `CI` set (as on CI machines) `hasColors()` is false
 * even on a pseudo-terminal, and an author's terminal is what these tests stand for.
 */
const COLOUR_SWITCHES = new Set(['NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS', 'CI']);
const plainEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !COLOUR_SWITCHES.has(name)));

const shellQuote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** Run `quire` under a pseudo-terminal: stdout and stderr both reach it, as in an author's terminal. */
async function runInTerminal(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<CliResult> {
  const command = [process.execPath, ...CLI, ...args].map(shellQuote).join(' ');
  const options = { cwd, env: { ...plainEnv, TERM: 'xterm-256color', ...env }, maxBuffer: 64 * 1024 * 1024 };
  try {
    const { stdout } = await run('script', ['-qfec', command, '/dev/null'], options);
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

test('util-linux `script` is there to give the CLI a pseudo-terminal', () => {
  const version = execFileSync('script', ['--version'], { encoding: 'utf8' });
  assert.match(version, /util-linux/);
});

/**
 * A book whose prints end seconds apart: 72 chapters of long paragraphs, printed in several parts.
 * A book in one part prints its few prints side by side, all done within one redraw.
 */
async function longBook(): Promise<string> {
  const paragraph = (c: number, p: number) =>
    `Paragraph ${p} of chapter ${c}. ` + 'The quick brown fox jumps over the lazy dog again and again. '.repeat(8);
  const files: Record<string, string> = { 'SUMMARY.md': '' };
  for (let c = 1; c <= 72; c++) {
    files['SUMMARY.md'] += `- [Chapter ${c}](ch${c}.md)\n`;
    files[`ch${c}.md`] = `# Chapter ${c}\n\n${Array.from({ length: 30 }, (_, p) => paragraph(c, p)).join('\n\n')}\n`;
  }
  return writeBook(files);
}

test('on a terminal the PDF stage shows its prints as they happen; without one, no control character', async () => {
  const root = await longBook();
  const tty = await runInTerminal(['build', root, '--format', 'pdf', '--out', join(root, 'tty')]);
  assert.equal(tty.code, 0, tty.stdout);
  // What the terminal showed, one state at a time: lines are redrawn after a carriage return.
  const states = tty.stdout
    .replace(ANSI, '')
    .split(/\r|\n/)
    .map((l) => l.trimEnd());
  const end = states.findIndex((l) => /^pdf +\d+(\.\d+)? m?s$/.test(l));
  assert.ok(end > 0, `the pdf stage's time is printed:\n${states.join('\n')}`);
  const counts = states
    .slice(0, end)
    .map((l) => /^pdf +\S* (\d+)\/(\d+) prints +\d+ s$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ done: Number(m[1]), total: Number(m[2]) }));
  const seen = [...new Set(counts.map((c) => c.done))];
  assert.ok(seen.length >= 2, `at least two counts before the stage ended, saw ${seen.join(', ')}`);
  assert.deepEqual(
    seen,
    [...seen].sort((a, b) => a - b),
    'the count only goes up',
  );
  assert.equal(new Set(counts.map((c) => c.total)).size, 1, 'one total');
  assert.ok(counts.every((c) => c.done <= c.total));
  // Cleared when the stage ended: no status line after its time.
  assert.ok(!states.slice(end).some((l) => / prints /.test(l)), states.slice(end).join('\n'));
  assert.match(tty.stdout, /\x1b\[2K/, 'status lines are erased in place');
  assert.match(tty.stdout, /\x1b\[[0-9;]*m/, 'colour on a terminal');

  const piped = await runCli(['build', root, '--format', 'pdf', '--out', join(root, 'piped')], { env: plainEnv });
  assert.equal(piped.code, 0, piped.stderr);
  assert.doesNotMatch(piped.stdout + piped.stderr, CONTROL);
  assert.match(piped.stdout, /^pdf +\d+(\.\d+)? m?s$/m);
});

test('NO_COLOR turns colour off on a terminal; FORCE_COLOR turns it on in a pipe', async () => {
  const root = await writeBook({
    'SUMMARY.md': '- [A](a.md)\n',
    'a.md': '# A\n\nSee [gone](a.md#gone).\n',
  });
  const noColour = await runInTerminal(['check', '.', '--no-epubcheck'], { NO_COLOR: '1' }, root);
  assert.match(noColour.stdout, /warning: a\.md:3: link to `a\.md#gone`/);
  assert.doesNotMatch(noColour.stdout, /\x1b\[[0-9;]*m/);
  const coloured = await runInTerminal(['check', '.', '--no-epubcheck'], {}, root);
  assert.match(coloured.stdout, /\x1b\[33mwarning:\x1b\[39m a\.md:3/);
  const forced = await runCli(['check', '.', '--no-epubcheck'], { cwd: root, env: { ...plainEnv, FORCE_COLOR: '1' } });
  assert.match(forced.stderr, /\x1b\[33mwarning:\x1b\[39m a\.md:3/);
  const piped = await runCli(['check', root, '--no-epubcheck'], { env: plainEnv });
  assert.doesNotMatch(piped.stderr, CONTROL);
});

/** Three kinds of warnings, each line of the source that should cause one. */
const KINDS = [
  { make: (i: number) => `See [gone ${i}](a.md#gone-${i}).`, marker: 'a.md#gone-' },
  { make: (i: number) => `![badge ${i}](https://img.example.invalid/b${i}.svg)`, marker: 'img.example.invalid' },
  { make: (i: number) => `Get [file ${i}](missing-${i}.txt).`, marker: 'missing-' },
];

/** A book with `each` warnings of every kind in b.md, and where they are (1-based lines). */
async function warningBook(each: number): Promise<{ root: string; expected: { line: number; kind: number }[] }> {
  const paragraphs = Array.from({ length: each }, (_, i) => KINDS.map((k) => k.make(i))).flat();
  const text = `# B\n\n${paragraphs.join('\n\n')}\n`;
  const root = await writeBook({ 'SUMMARY.md': '- [A](a.md)\n- [B](b.md)\n', 'a.md': '# A\n\nText.\n', 'b.md': text });
  const expected = text
    .split('\n')
    .map((l, i) => ({ line: i + 1, kind: KINDS.findIndex((k) => l.includes(k.marker)) }))
    .filter((w) => w.kind >= 0);
  return { root, expected };
}

async function validator() {
  const schema = JSON.parse(await readFile(join(ROOT, 'schema', 'report.schema.json'), 'utf8'));
  return new Ajv({ allErrors: true }).compile<JsonReport>(schema);
}

interface Problem {
  kind: string;
  message: string;
  file: string | null;
  line: number | null;
}

test('--json: one report on stdout that the shipped schema accepts, every warning with file, line and kind', async () => {
  const validate = await validator();
  const { root, expected } = await warningBook(3);
  const checkWarnings = (problems: Problem[], label: string) => {
    assert.equal(problems.length, expected.length, label);
    for (const w of expected) {
      const found = problems.find((p) => p.file === 'b.md' && p.line === w.line);
      assert.ok(found, `${label}: b.md:${w.line}`);
      assert.ok(found.message.includes(KINDS[w.kind]!.marker), found.message);
    }
    // Warnings of one kind share it; the three kinds differ.
    const kinds = KINDS.map(
      (_, k) => new Set(expected.filter((w) => w.kind === k).map((w) => kindAt(problems, w.line))),
    );
    assert.ok(
      kinds.every((set) => set.size === 1),
      label,
    );
    assert.equal(new Set(kinds.map((set) => [...set][0])).size, 3, label);
  };
  const kindAt = (problems: Problem[], line: number) => problems.find((p) => p.line === line)!.kind;

  const built = await runCli(['build', '.', '--format', 'html,pdf', '--json'], { cwd: root, env: plainEnv });
  assert.equal(built.code, 0, built.stderr);
  const report = JSON.parse(built.stdout);
  assert.ok(validate(report), JSON.stringify(validate.errors));
  assert.equal(report.ok, true);
  checkWarnings(report.warnings, 'build');
  // The human account went to stderr.
  assert.match(built.stderr, /^pdf +\d+(\.\d+)? m?s$/m);
  assert.match(built.stderr, /warning: b\.md:\d+/);
  const pdf = report.outputs.find((o) => o.format === 'pdf');
  assert.ok(pdf, 'the PDF is listed');
  assert.equal(pdf.pages, Number((await pdfInfo(pdf.file)).Pages));
  assert.ok(report.outputs.some((o) => o.file === join(root, 'dist', 'html', 'index.html')));
  for (const stage of ['load', 'render', 'html', 'pdf', 'total']) assert.equal(typeof report.timings[stage], 'number');

  const checked = await runCli(['check', '.', '--no-epubcheck', '--json'], { cwd: root, env: plainEnv });
  assert.equal(checked.code, 0, checked.stderr);
  const checkReport = JSON.parse(checked.stdout);
  assert.ok(validate(checkReport), JSON.stringify(validate.errors));
  checkWarnings(checkReport.warnings, 'check');

  // A failed build still reports, its errors with file and line.
  const strict = await runCli(['build', '.', '--format', 'html', '--json', '--strict', '--out', 'strict'], {
    cwd: root,
    env: plainEnv,
  });
  assert.equal(strict.code, 1, strict.stderr);
  const failed = JSON.parse(strict.stdout);
  assert.ok(validate(failed), JSON.stringify(validate.errors));
  assert.equal(failed.ok, false);
  assert.equal(failed.exitCode, 1);
  assert.deepEqual(
    failed.errors.map((e) => `${e.file}:${e.line}`).sort(),
    expected.map((w) => `b.md:${w.line}`).sort(),
  );
});

test('300 warnings of three kinds print in at most 20 lines; --verbose lists each; --quiet none', async () => {
  const { root, expected } = await warningBook(100);
  assert.equal(expected.length, 300);
  for (const command of [
    ['check', root, '--no-epubcheck'],
    ['build', root, '--format', 'html', '--out', join(root, 'o')],
  ]) {
    const grouped = await runCli(command, { cwd: root, env: plainEnv });
    assert.equal(grouped.code, 0, grouped.stderr);
    const lines = grouped.stderr.split('\n').filter((l) => l.trim());
    assert.ok(lines.length <= 20, `${lines.length} lines:\n${grouped.stderr}`);
    assert.match(grouped.stderr, /300 warnings of 3 kinds/);
    assert.equal(lines.filter((l) => l.startsWith('warning:')).length, 3);

    const verbose = await runCli([...command, '--verbose'], { cwd: root, env: plainEnv });
    const each = verbose.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    assert.equal(each.length, 300);
    const places = new Set(each.map((l) => /^warning: b\.md:(\d+): /.exec(l)?.[1]));
    assert.deepEqual(
      [...places].map(Number).sort((a, b) => a - b),
      expected.map((w) => w.line),
    );
  }
  const quiet = await runCli(['build', root, '--format', 'html', '--out', join(root, 'q'), '--quiet'], {
    env: plainEnv,
  });
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stdout + quiet.stderr, '');
  const strictQuiet = await runCli(['check', root, '--no-epubcheck', '--quiet', '--strict'], { env: plainEnv });
  assert.equal(strictQuiet.code, 1);
  assert.equal(strictQuiet.stderr.split('\n').filter((l) => l.startsWith('error:')).length, 300, 'errors in full');
  assert.doesNotMatch(strictQuiet.stderr, /^warning:/m);
});

test('status lines: plain lines at most every few seconds and only for a long stage; live redraws a few a second', () => {
  let now = 0;
  const plain: string[] = [];
  const quiet = statusDisplay({ write: (t) => plain.push(t) }, { live: false, style: style(false), now: () => now });
  const pdf = (done: number) => ({ stage: 'pdf', done, total: 4, unit: 'prints' });
  quiet.update(pdf(0));
  now = 1_000;
  quiet.update(pdf(1));
  assert.deepEqual(plain, [], 'nothing for a stage that has run a second');
  now = 6_000;
  quiet.update(pdf(2));
  now = 7_000;
  quiet.update(pdf(3));
  assert.deepEqual(plain, ['pdf: 2 of 4 prints, 6 s\n'], 'one line, then none for the next few seconds');
  quiet.end('pdf');
  quiet.close();

  const drawn: string[] = [];
  now = 0;
  const live = statusDisplay(
    { write: (t) => drawn.push(t), isTTY: true, columns: 60 },
    { live: true, style: style(false), now: () => now },
  );
  // 100 chapters rendered within one second: the line is drawn four times at most, plus the first.
  for (let i = 0; i <= 100; i++) {
    now = i * 10;
    live.update({ stage: 'render', done: i, total: 100, unit: 'chapters' });
  }
  assert.ok(drawn.length >= 2 && drawn.length <= 5, `${drawn.length} redraws`);
  assert.ok(drawn.every((t) => t.replace(ANSI, '').replace(/\r/g, '').length <= 60));
  live.end('render');
  assert.equal(drawn.at(-1), '\r\x1b[2K', 'the line is erased when its stage ends');
  live.close();
});

test('watch mode without a terminal: one line per rebuild, saying what changed, no control character', async () => {
  const book = await copyFixture('features');
  const child = spawn(process.execPath, [...CLI, 'watch', book, '--port', '0', '--format', 'html'], {
    env: plainEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((done) => child.on('exit', done));
  try {
    await until(() => /^\[1\] site build done in /m.test(output), 'the first build', 60_000);
    await appendFile(join(book, 'chapters', '02-more.md'), '\nOne more line.\n');
    await until(() => /^\[\d+\] site build done in .*: chapters\/02-more\.md$/m.test(output), 'the rebuild', 60_000);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  assert.doesNotMatch(output, CONTROL);
  const builds = output.split('\n').filter((l) => /^\[\d+\]/.test(l));
  const ids = builds.map((l) => /^\[(\d+)\]/.exec(l)![1]);
  assert.equal(new Set(ids).size, ids.length, `one line per build:\n${output}`);
  assert.ok(builds.length >= 2, output);
});
