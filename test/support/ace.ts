/**
 * Ace by DAISY, the checker publishers run on EPUBs, driven from a test: `@daisy/ace-core` with its
 * puppeteer runner on the system Chromium (the `@daisy/ace` command brings Electron, whose install
 * downloads a binary from GitHub).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

export interface AceFinding {
  /** The axe or Ace rule, e.g. `link-in-text-block`, `metadata-accessmode`. */
  rule: string;
  impact: string;
  /** The document inside the EPUB. */
  where: string;
  description: string;
  /** The element found wanting, as Ace quotes it. */
  html: string;
}

interface Assertion {
  'earl:test': { 'dct:title': string; 'earl:impact': string; 'dct:description': string };
  'earl:result': { html?: string };
}
interface DocumentAssertion {
  'earl:testSubject': { url: string };
  assertions?: Assertion[];
}

type AceRun = (epub: string, options: Record<string, unknown>, runner: unknown) => Promise<[unknown, unknown]>;

/** Every finding Ace reports on an EPUB, of any impact. */
export async function aceFindings(epub: string): Promise<AceFinding[]> {
  // Read by puppeteer when it is first loaded: the browser the machine has, never a downloaded one.
  process.env.PUPPETEER_EXECUTABLE_PATH ??= '/usr/bin/chromium';
  process.env.PUPPETEER_SKIP_DOWNLOAD = '1';
  const ace = require('@daisy/ace-core') as AceRun;
  const runner = require('@daisy/ace-axe-runner-puppeteer') as unknown;
  quietAceLog();
  const out = await mkdtemp(join(tmpdir(), 'quire-ace-'));
  try {
    const [, report] = await ace(epub, { cwd: process.cwd(), outdir: out, tmpdir: join(out, 'work') }, runner);
    const documents = (report as { assertions?: DocumentAssertion[] }).assertions ?? [];
    return documents.flatMap((doc) =>
      (doc.assertions ?? []).map((a) => ({
        rule: a['earl:test']['dct:title'],
        impact: a['earl:test']['earl:impact'],
        where: doc['earl:testSubject'].url,
        description: a['earl:test']['dct:description'].split('\n')[0]!,
        html: a['earl:result'].html ?? '',
      })),
    );
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Ace logs through winston; without a transport winston complains of each line on stderr. */
function quietAceLog(): void {
  const winston = createRequire(require.resolve('@daisy/ace-core'))('winston') as {
    transports: { Console: new (options: { silent: boolean }) => unknown };
    add(transport: unknown): void;
    default?: { transports: unknown[] };
  };
  const logger = winston as unknown as { transports: unknown[] };
  if (Array.isArray(logger.transports) && logger.transports.length > 0) return;
  winston.add(new winston.transports.Console({ silent: true }));
}
