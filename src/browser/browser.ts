/**
 * Finding and starting the browser that prints PDFs. One browser serves a whole build;
 * it is started only when an output first asks for it.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { configLine } from '../load/config-lines.ts';
import { QuireError } from '../util/errors.ts';
import { settingsPlace } from '../util/settings-place.ts';
import { makeWorkDir, removeWorkDir } from '../util/work-dir.ts';

const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

/** The setting, else PUPPETEER_EXECUTABLE_PATH, else puppeteer's downloaded Chrome, else a system browser. */
export async function findBrowser(setting: string | undefined, configFile: string): Promise<string> {
  if (setting) {
    if (existsSync(setting)) return setting;
    throw new QuireError(`the browser \`${setting}\` set as pdf.browser does not exist`, {
      file: configFile,
      line: configLine(configFile, ['pdf', 'browser']),
      hint: `give the full path of a Chromium or Chrome executable, or remove the setting to search the usual places. ${INSTALL_HINT}`,
    });
  }
  const fromEnv = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new QuireError(`PUPPETEER_EXECUTABLE_PATH is \`${fromEnv}\`, which does not exist`, {
      hint: `point it at a Chromium or Chrome executable, or unset it. ${INSTALL_HINT}`,
    });
  }
  const cacheDir = process.env.PUPPETEER_CACHE_DIR ?? join(homedir(), '.cache', 'puppeteer');
  if (existsSync(cacheDir)) {
    // Loaded here, not at the top: a build that never prints should not pay for puppeteer.
    const { Browser: BrowserName, getInstalledBrowsers } = await import('@puppeteer/browsers');
    const installed = await getInstalledBrowsers({ cacheDir }).catch(() => []);
    const chrome = installed.filter(
      (b) => b.browser === BrowserName.CHROME || b.browser === BrowserName.CHROMEHEADLESSSHELL,
    );
    const found = chrome.map((b) => b.executablePath).find((p) => existsSync(p));
    if (found) return found;
  }
  const system = SYSTEM_PATHS.find((p) => existsSync(p));
  if (system) return system;
  throw new QuireError('no Chromium or Chrome found to print the PDF', {
    hint: `${INSTALL_HINT}; or set PUPPETEER_EXECUTABLE_PATH, or \`pdf.browser\` ${settingsPlace(configFile)}`,
  });
}

const INSTALL_HINT =
  'To get a browser: on Debian or Ubuntu `sudo apt-get install chromium`; elsewhere install Chrome or run ' +
  '`npx @puppeteer/browsers install chrome@stable`. To build without one: `quire build --format html,epub`';

/**
 * `callTimeoutMs` bounds each call to the browser (puppeteer's protocolTimeout, 180 s unless
 * given): builds pass `pdf.printTimeout`, so one long print is not cut off sooner than the
 * watchdog's limit the author set, and a diagram page that hangs is given up at the same limit.
 */
export async function launchBrowser(executablePath: string, callTimeoutMs?: number): Promise<Browser> {
  // The profile and Chromium's own temporary files go in a work folder of Quire's, not the shared
  // temporary folder; it is removed once the browser has exited (or by the next Quire, if this one is killed).
  const work = await makeWorkDir('browser');
  try {
    const { default: puppeteer } = await import('puppeteer-core');
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      protocolTimeout: callTimeoutMs,
      // Over a pipe, not a socket: Chromium exits when its end closes, so a Quire that dies by any
      // signal, SIGKILL included, takes its browser with it.
      pipe: true,
      userDataDir: join(work, 'profile'),
      // Chromium's own caches and settings (dconf, its crash reports) stay in the work folder too.
      env: { ...process.env, TMPDIR: work, XDG_CACHE_HOME: work, XDG_CONFIG_HOME: work },
      // No network, no background services: printing must not depend on, or leak to, anything outside.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-default-apps',
        '--no-first-run',
        '--font-render-hinting=none',
      ],
    });
    const child = browser.process();
    if (child && child.exitCode === null) child.once('exit', () => void removeWorkDir(work).catch(() => undefined));
    else await removeWorkDir(work);
    return browser;
  } catch (cause) {
    await removeWorkDir(work).catch(() => undefined);
    throw new QuireError(`the browser at \`${executablePath}\` did not start`, {
      cause,
      hint: 'check that it runs (`' + executablePath + ' --version`); on Linux it may need missing system libraries',
    });
  }
}

/** Starts the browser on first use; `close` is safe to call whether or not it started. */
export class LazyBrowser {
  private launching: Promise<Browser> | undefined;
  private closed = false;
  constructor(
    private readonly find: () => Promise<string>,
    private readonly callTimeoutMs?: number,
  ) {}
  get(): Promise<Browser> {
    // Once closed it stays closed: a build still running must not start a browser nobody will stop.
    if (this.closed) return Promise.reject(new QuireError('the build was stopped'));
    this.launching ??= this.find().then((path) => launchBrowser(path, this.callTimeoutMs));
    return this.launching;
  }
  /**
   * Start the browser now, for a build that will need it: it starts while the book renders. A
   * failure to start is reported to whoever asks for the browser, not here.
   */
  warm(): void {
    if (!this.closed) this.get().catch(() => undefined);
  }
  /**
   * Throw away `failed` (crashed or hung) so the next `get` starts a fresh browser. Several prints
   * may see the same browser fail: only the first call kills it.
   */
  async restart(failed: Browser): Promise<void> {
    const current = await this.launching?.catch(() => undefined);
    if (current !== failed) return;
    this.launching = undefined;
    killBrowser(failed);
  }
  async close(): Promise<void> {
    this.closed = true;
    if (!this.launching) return;
    const browser = await this.launching.catch(() => undefined);
    this.launching = undefined;
    await browser?.close().catch(() => undefined);
  }
}

/** Kill a browser that no longer answers, with every process it started (its process group). */
export function killBrowser(browser: Browser): void {
  const child = browser.process();
  if (!child?.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
