/**
 * Fuzzing, seeded and time-bounded: every example of the CommonMark spec, then random bytes, random
 * Markdown marks, huge tables, thousands of footnotes, deep nesting and unbalanced raw HTML, through
 * load, render, assemble and the EPUB's XHTML. An error fails the run unless it is right for its
 * input (test/support/expected-errors.ts: a missing link target, bad TeX, bytes that are not UTF-8…),
 * and so does a case that runs past its time limit. QUIRE_FUZZ_SEED replays a run; QUIRE_FUZZ_MS runs longer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { FuzzOptions } from '../support/fuzz-worker.ts';

const SEED = Number(process.env.QUIRE_FUZZ_SEED ?? 20261128);
const BUDGET_MS = Number(process.env.QUIRE_FUZZ_MS ?? 20_000);
const CASE_LIMIT_MS = 15_000;

interface Failure {
  name: string;
  error: string;
  input: string;
}

/** One fuzz run in a worker: its failures, the cases it ran, and the case that hung if one did. */
async function fuzz(options: FuzzOptions): Promise<{ failures: Failure[]; cases?: number; hung?: string }> {
  const worker = new Worker(new URL('../support/fuzz-worker.mjs', import.meta.url), { workerData: options });
  const failures: Failure[] = [];
  let current = { name: '(starting)', since: Date.now() };
  const outcome = await new Promise<{ cases?: number; hung?: string }>((done, fail) => {
    const timer = setInterval(() => {
      if (Date.now() - current.since > CASE_LIMIT_MS) {
        clearInterval(timer);
        void worker.terminate();
        done({ hung: current.name });
      }
    }, 250);
    worker.on('message', (m: Failure & { type: string; cases: number }) => {
      if (m.type === 'start') current = { name: m.name, since: Date.now() };
      else if (m.type === 'failure') failures.push({ name: m.name, error: m.error, input: m.input });
      else if (m.type === 'done') {
        clearInterval(timer);
        done({ cases: m.cases });
      }
    });
    worker.on('error', (e) => {
      clearInterval(timer);
      fail(e);
    });
  });
  await worker.terminate();
  return { failures, ...outcome };
}

test(
  `fuzz (seed ${SEED}): no error but those right for their input, no case over ${CASE_LIMIT_MS / 1000} s`,
  { timeout: 180_000 },
  async (t) => {
    const outcome = await fuzz({ seed: SEED, budgetMs: BUDGET_MS, minGeneratedMs: 8000 });
    t.diagnostic(`${outcome.cases ?? 0} cases`);
    assert.equal(outcome.hung, undefined, `a case ran over ${CASE_LIMIT_MS / 1000} s: ${outcome.hung}`);
    assert.deepEqual(outcome.failures, [], 'no unexpected error');
    assert.ok(outcome.cases! > 652, `every CommonMark example and then generated cases (${outcome.cases})`);
  },
);

test(
  'the fuzz check reports a failure injected into parsing or rendering, QuireError or not',
  { timeout: 120_000 },
  async () => {
    // The injected rules throw on inputs with `*` (parsing) or on emphasis (rendering): CommonMark's
    // emphasis section has both, and the examples before it are run too, so some pass untouched.
    for (const inject of ['parse', 'render'] as const) {
      const { failures, cases } = await fuzz({ seed: SEED, budgetMs: 0, minGeneratedMs: 0, inject });
      assert.equal(cases, 652, inject);
      assert.ok(failures.length > 0, `${inject}: the injected failure is reported`);
      assert.ok(failures.length < cases!, `${inject}: only the cases it was injected into`);
      for (const f of failures) assert.match(f.error, new RegExp(`injected ${inject} failure`), f.name);
    }
  },
);
