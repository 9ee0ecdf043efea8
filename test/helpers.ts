/** Shared test helpers: build a fixture, run the CLI, read PDFs and EPUBs back with real tools. */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import JSZip from 'jszip';

const run = promisify(execFile);

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const fixture = (name: string) => join(FIXTURES, name);
/**
 * Node's arguments that run the `quire` command from the sources, through tsx (no build needed). tsx by
 * its full URL: a bare `--import tsx` is looked up from the working folder, which may be outside the repository.
 */
export const CLI = ['--import', import.meta.resolve('tsx'), join(ROOT, 'src', 'bin.ts')];

let compiling: Promise<string[]> | undefined;
/**
 * The command as the npm package runs it, compiled into lib/ (built once per test file): what a
 * measure of Quire's own memory runs, without the TypeScript loader a clone runs the sources through.
 */
export function compiledCli(): Promise<string[]> {
  compiling ??= promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'build-package.ts')], {
    cwd: ROOT,
  }).then(() => [join(ROOT, 'lib', 'bin.js')]);
  return compiling;
}

export async function tempDir(prefix = 'quire-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** A writable copy of a fixture book, for tests that change it. */
export async function copyFixture(name: string): Promise<string> {
  const dir = await tempDir();
  await cp(fixture(name), dir, { recursive: true });
  return dir;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the real `quire` command in a child process. */
export async function runCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/**
 * Text of a PDF (poppler's pdftotext), one string per page, as a reader reads it: without the soft
 * hyphens of justified text, which the PDF's text layer keeps (`raw` keeps them).
 */
export async function pdfPages(file: string, options: { raw?: boolean } = {}): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 256 * 1024 * 1024 });
  return (options.raw ? stdout : stdout.replace(/\u00ad/g, '')).split('\f').slice(0, -1);
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

/** The fonts of a PDF as poppler's pdffonts lists them. */
export async function pdfFonts(file: string): Promise<PdfFont[]> {
  const { stdout } = await run('pdffonts', [file]);
  return stdout
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      // Columns: name, type (may contain spaces), encoding, emb, sub, uni, object, ID.
      const m = /^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
      if (!m) throw new Error(`unexpected pdffonts line: ${line}`);
      return { name: m[1]!, type: m[2]!, embedded: m[4] === 'yes' };
    });
}

export async function pdfInfo(file: string): Promise<Record<string, string>> {
  const { stdout } = await run('pdfinfo', [file]);
  return Object.fromEntries(
    stdout
      .split('\n')
      .map((l) => /^([^:]+):\s*(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!.trim(), m[2]!.trim()]),
  );
}

export interface EpubcheckReport {
  fatals: number;
  errors: number;
  warnings: number;
  messages: { severity: string; ID: string; message: string; locations: { path: string; line: number }[] }[];
}

/**
 * Run the real epubcheck (Debian's package) on an EPUB, its JSON report written to a file: on stdout
 * epubcheck 4.2.6 prints a summary before the JSON.
 */
export async function epubcheck(file: string): Promise<EpubcheckReport> {
  const jar = process.env.EPUBCHECK_JAR ?? '/usr/share/java/epubcheck.jar';
  const json = `${file}.epubcheck.json`;
  try {
    // A short run: the C1 compiler alone and the serial collector halve the JVM's CPU time.
    const jvm = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
    await run('java', [...jvm, '-jar', jar, file, '--json', json], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    // epubcheck exits 1 when it finds errors; the report is written all the same.
    if (!existsSync(json)) throw error;
  }
  const report = JSON.parse(await readFile(json, 'utf8')) as {
    checker: { nFatal: number; nError: number; nWarning: number };
    messages: EpubcheckReport['messages'];
  };
  return {
    fatals: report.checker.nFatal,
    errors: report.checker.nError,
    warnings: report.checker.nWarning,
    messages: report.messages,
  };
}

export async function readEpub(file: string): Promise<JSZip> {
  return JSZip.loadAsync(await readFile(file));
}

/**
 * Characters of `text` without any white space (line breaks in a PDF fall anywhere) or soft hyphen
 * (the print document's justified text carries them, and the PDF's text keeps them).
 */
export const squeeze = (text: string) => text.replace(/[\s\u00ad]+/g, '');

/** Decode the entities markdown-it and Handlebars write, for comparing HTML text with extracted text. */
export function htmlText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** A throwaway book from a map of relative paths to contents. */
export async function writeBook(files: Record<string, string | Uint8Array>): Promise<string> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const root = await tempDir('quire-book-');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

export interface OutlineItem {
  title: string;
  /** 0-based page index the bookmark jumps to. */
  page: number;
  children: OutlineItem[];
}

/** A PDF's bookmarks, nested, each with the page it jumps to (pdfjs). */
export async function pdfOutline(file: string): Promise<OutlineItem[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise;
  try {
    const pageOf = async (dest: unknown) => {
      const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : (dest as unknown[]);
      return doc.getPageIndex(explicit![0] as { num: number; gen: number });
    };
    type Raw = { title: string; dest: unknown; items: Raw[] };
    // One request at a time: pdfjs' in-process worker stalls on many concurrent destination look-ups.
    const walk = async (items: Raw[]): Promise<OutlineItem[]> => {
      const result: OutlineItem[] = [];
      for (const item of items) {
        result.push({ title: item.title, page: await pageOf(item.dest), children: await walk(item.items) });
      }
      return result;
    };
    return await walk(((await doc.getOutline()) ?? []) as Raw[]);
  } finally {
    await doc.destroy();
  }
}
/** Wait until `condition` holds, polling; fails the test after `ms`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Processes (Quire and the Chromium it started) whose environment carries QUIRE_TEST_MARKER=marker. */
export function markedProcesses(marker: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(`QUIRE_TEST_MARKER=${marker}`))
        found.push(Number(pid));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** The main browser process among the marked ones (not a renderer, GPU or zygote helper). */
export function markedBrowsers(marker: string): number[] {
  return markedProcesses(marker).filter((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      const program = cmdline.split('\0')[0]!;
      // Chromium's crash reporter (chrome_crashpad_handler) runs apart from the browser, and outlives
      // it for a moment: it is not the browser.
      return /chrom/i.test(program) && !/crashpad/i.test(program) && !cmdline.includes('--type=');
    } catch {
      return false;
    }
  });
}

/**
 * A file in one of Quire's work folders (`purpose`: print, diagrams, cover…), for a Quire run with
 * XDG_CACHE_HOME set to `cacheHome`: there is where it keeps them (src/util/work-dir.ts).
 */
export function workFile(cacheHome: string, purpose: string, name: string): string | undefined {
  const root = join(cacheHome, 'quire', 'work');
  if (!existsSync(root)) return undefined;
  const work = readdirSync(root).find((d) => new RegExp(`^\\d+-${purpose}-`).test(d));
  const file = work && join(root, work, name);
  return file && existsSync(file) ? file : undefined;
}

/** Kill what a test left running (a Quire killed with SIGKILL leaves its browser behind). */
export function killMarked(marker: string): void {
  for (const pid of markedProcesses(marker)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Every file under `dir`, hidden ones too, as base64: to compare output folders byte for byte.
 * With `times`, each file's modification time too: to show nothing was written at all.
 */
export function snapshot(dir: string, options: { times?: boolean } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const content = readFileSync(path).toString('base64');
        out[relative(dir, path)] = options.times ? `${statSync(path).mtimeMs} ${content}` : content;
      }
    }
  };
  walk(dir);
  return out;
}
