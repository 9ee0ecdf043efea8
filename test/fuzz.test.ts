/**
 * Fuzzing, seeded and time-bounded: every example of the CommonMark spec, then random bytes, random
 * Markdown marks, huge tables, thousands of footnotes, deep nesting and unbalanced raw HTML, through
 * load, render, assemble and the EPUB's XHTML. A QuireError is a fine answer; any other exception,
 * or a case that runs past its time limit, fails. QUIRE_FUZZ_SEED replays a run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';

const SEED = Number(process.env.QUIRE_FUZZ_SEED ?? 20261128);
const BUDGET_MS = 20_000;
const CASE_LIMIT_MS = 15_000;

test(
  `fuzz (seed ${SEED}): no exception but QuireErrors, no case over ${CASE_LIMIT_MS / 1000} s`,
  { timeout: 180_000 },
  async (t) => {
    const worker = new Worker(new URL('./support/fuzz-worker.mjs', import.meta.url), {
      workerData: { seed: SEED, budgetMs: BUDGET_MS },
    });
    const failures: { name: string; error: string; input: string }[] = [];
    let current = { name: '(starting)', since: Date.now() };
    const outcome = await new Promise<{ cases?: number; hung?: string }>((done, fail) => {
      const timer = setInterval(() => {
        if (Date.now() - current.since > CASE_LIMIT_MS) {
          clearInterval(timer);
          void worker.terminate();
          done({ hung: current.name });
        }
      }, 250);
      worker.on('message', (m: { type: string; name: string; cases: number; error: string; input: string }) => {
        if (m.type === 'start') current = { name: m.name, since: Date.now() };
        else if (m.type === 'failure') failures.push(m);
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
    t.diagnostic(`${outcome.cases ?? 0} cases`);
    assert.equal(outcome.hung, undefined, `a case ran over ${CASE_LIMIT_MS / 1000} s: ${outcome.hung}`);
    assert.deepEqual(failures, [], 'only QuireErrors');
    assert.ok(outcome.cases! > 652, `every CommonMark example and then generated cases (${outcome.cases})`);
  },
);
