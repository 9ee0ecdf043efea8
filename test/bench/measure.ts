/** Measuring helpers for the benchmark: memory samplers, medians, page counts, machine and tool versions. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { PDFDocument } from 'pdf-lib';

const run = promisify(execFile);

export const MB = 1024 * 1024;
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median of each key present in any of `records`. */
export function medianOf(records: Record<string, number>[]): Record<string, number> {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(
    keys.map((k) => [k, median(records.map((r) => r[k]).filter((v): v is number => v !== undefined))]),
  );
}

/** A full garbage collection between runs, so one run's garbage does not count in the next run's heap peak. */
export { collectGarbage } from '../../src/util/heap-growth.ts';

export interface Samples {
  /** Peak V8 heapUsed of this (main) thread, sampled every 50 ms and at each stage end, MB. */
  heapUsedMB: number;
  /** Peak RSS of this Node process: from the main thread every 50 ms, and from /proc every 100 ms when sampled, MB. */
  nodeRssMB: number;
  /** Peak of the summed VmRSS of all Chromium processes descending from this process, MB (sampled runs). */
  browserRssMB?: number;
  /** The same as PSS (shared pages split between processes, so not counted twice), MB (sampled runs). */
  browserPssMB?: number;
  /** Most Chromium processes seen at once (sampled runs). */
  browserProcesses?: number;
  /** CPU time (user + system) of those processes while sampled, from /proc/<pid>/stat, ms (sampled runs). */
  browserCpuMs?: number;
  /** CPU time of this process's main thread (where JavaScript runs) from start to stop, ms. */
  mainThreadCpuMs: number;
  /** CPU time of the sampler's own thread, ms: part of this process's CPU time that is not the build's. */
  samplerCpuMs: number;
}

export interface MemorySampler {
  /** Take a heap sample now (e.g. at a stage boundary, when the timer may have been starved). */
  mark(): void;
  stop(): Promise<Samples>;
}

/** CPU time of this process's main thread so far, ms (clock ticks of 10 ms on Linux). */
function mainThreadCpuMs(): number {
  const stat = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Samples memory while a build runs. Node's heap and RSS are read on the main thread (late when it
 * is busy, hence `mark()` at stage ends). With `browser`, a worker thread also walks /proc every
 * 100 ms for the Chromium processes' RSS, PSS and CPU time. That walk slows what it measures (PSS
 * is read under each process's memory lock; a 100-page build's PDF stage took 9% longer sampled),
 * so the benchmark times runs without it and samples the browser in a run of its own.
 */
export function startSampler(options: { browser?: boolean } = {}): MemorySampler {
  let heapPeak = 0;
  let rssPeak = 0;
  const sample = () => {
    const { heapUsed, rss } = process.memoryUsage();
    heapPeak = Math.max(heapPeak, heapUsed);
    rssPeak = Math.max(rssPeak, rss);
  };
  sample();
  const timer = setInterval(sample, 50);
  const cpuStart = mainThreadCpuMs();
  const worker = options.browser
    ? new Worker(PROC_SAMPLER, { eval: true, workerData: { pid: process.pid, intervalMs: 100 } })
    : undefined;
  const ready = worker && new Promise<void>((resolve) => worker.once('online', () => resolve()));
  return {
    mark: sample,
    async stop() {
      clearInterval(timer);
      sample();
      const own = { heapUsedMB: heapPeak / MB, nodeRssMB: rssPeak / MB, mainThreadCpuMs: mainThreadCpuMs() - cpuStart };
      if (!worker) return { ...own, samplerCpuMs: 0 };
      await ready;
      const peaks = await new Promise<Omit<Samples, 'heapUsedMB' | 'mainThreadCpuMs'>>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage('stop');
      });
      await worker.terminate();
      return { ...own, ...peaks, nodeRssMB: Math.max(own.nodeRssMB, peaks.nodeRssMB) };
    },
  };
}

/**
 * The worker's code (CommonJS, evaluated): walks /proc for the descendants of `pid` every `intervalMs`.
 * CPU time is the last utime + stime seen of each Chromium process (clock ticks of 10 ms on Linux).
 */
const PROC_SAMPLER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { pid, intervalMs } = workerData;
const read = (path) => { try { return fs.readFileSync(path, 'utf8'); } catch { return ''; } };
const kB = (text, key) => Number(new RegExp('^' + key + ':\\\\s+(\\\\d+) kB', 'm').exec(text)?.[1] ?? 0);
const peak = { nodeRss: 0, browserRss: 0, browserPss: 0, browserProcesses: 0 };
const cpuTicks = new Map();
const stats = new Map();
const ticks = (path) => {
  const stat = read(path);
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
function sample() {
  stats.clear();
  const children = new Map();
  const names = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\\d+$/.test(entry)) continue;
    const stat = read('/proc/' + entry + '/stat');
    const close = stat.lastIndexOf(')');
    if (close === -1) continue;
    const fields = stat.slice(close + 2).split(' ');
    const ppid = Number(fields[1]);
    names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
    stats.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(entry));
  }
  let rss = 0, pss = 0, count = 0;
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const p = queue.shift();
    queue.push(...(children.get(p) ?? []));
    if (!/chrom/i.test(names.get(p) ?? '')) continue;
    const status = read('/proc/' + p + '/status');
    if (!status) continue;
    count++;
    cpuTicks.set(p, stats.get(p) ?? 0);
    rss += kB(status, 'VmRSS');
    pss += kB(read('/proc/' + p + '/smaps_rollup'), 'Pss');
  }
  peak.browserRss = Math.max(peak.browserRss, rss);
  peak.browserPss = Math.max(peak.browserPss, pss);
  peak.browserProcesses = Math.max(peak.browserProcesses, count);
  peak.nodeRss = Math.max(peak.nodeRss, kB(read('/proc/self/status'), 'VmRSS'));
}
const timer = setInterval(sample, intervalMs);
sample();
parentPort.on('message', () => {
  clearInterval(timer);
  sample();
  parentPort.postMessage({
    nodeRssMB: peak.nodeRss / 1024,
    browserRssMB: peak.browserRss / 1024,
    browserPssMB: peak.browserPss / 1024,
    browserProcesses: peak.browserProcesses,
    browserCpuMs: [...cpuTicks.values()].reduce((a, b) => a + b, 0) * 10,
    samplerCpuMs: ticks('/proc/thread-self/stat') * 10,
  });
});
`;

/** This process's peak RSS so far (getrusage ru_maxrss, which Node reports in kilobytes), MB. */
export const maxRssMB = () => process.resourceUsage().maxRSS / 1024;

/** Pages of a PDF: pdfinfo when installed, else pdf-lib. */
export async function pdfPageCount(file: string): Promise<number> {
  try {
    const { stdout } = await run('pdfinfo', [file]);
    const pages = /^Pages:\s+(\d+)/m.exec(stdout)?.[1];
    if (pages) return Number(pages);
  } catch {
    // not installed, or it could not read the file: fall back to pdf-lib
  }
  const pdf = await PDFDocument.load(await readFile(file), { updateMetadata: false });
  return pdf.getPageCount();
}

export interface Machine {
  cpu: string;
  nproc: number;
  memoryGB: number;
  os: string;
}

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    nproc: os.availableParallelism(),
    memoryGB: round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** pandoc's version, or undefined when it is not on PATH. */
export async function pandocVersion(): Promise<string | undefined> {
  try {
    const { stdout } = await run('pandoc', ['--version']);
    return stdout
      .split('\n')[0]
      ?.replace(/^pandoc(\.exe)?\s+/, '')
      .trim();
  } catch {
    return undefined;
  }
}

/** Milliseconds since `start` (performance.now()). */
export const since = (start: number) => performance.now() - start;
