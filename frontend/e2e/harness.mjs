// Shared plumbing for the end-to-end suites: a private X display, free ports,
// child processes in their own process groups, and a cleanup list that runs
// even when a test fails, so no Xvfb, wails dev or app is left behind.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, existsSync, realpathSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

const cleanups = [];
/** Registers fn to run at cleanup(), latest first. */
export function defer(fn) {
  cleanups.push(fn);
}
/** Runs every deferred step; safe to call more than once. */
export async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch (err) {
      console.error('cleanup:', err);
    }
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => void cleanup().then(() => process.exit(130)));
}
// Process groups still running. However this process ends (a crash, an
// uncaught error, process.exit), they are killed on the way out.
const groups = new Set();
process.once('exit', () => {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

export function tempDir(prefix) {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/** Asks the kernel for a port nobody is listening on. */
export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/**
 * Starts cmd in its own process group and registers its termination. Output
 * goes to a log we print when the test fails, not to the terminal.
 */
export function start(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  child.output = '';
  child.stdout?.on('data', (d) => (child.output += d));
  child.stderr?.on('data', (d) => (child.output += d));
  child.exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  // A command that cannot start (not installed) is reported by whoever
  // waits for it, not thrown from an event handler, which would skip cleanup.
  child.once('error', (err) => (child.output += `\ncould not start ${cmd}: ${err.message}\n`));
  if (child.pid) groups.add(child.pid);
  defer(() => stopGroup(child));
  return child;
}

/** Whether any process of the group is still running. */
function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a process group: SIGTERM, then SIGKILL if any of it lingers. The
 * whole group is waited for, not only its leader: wails dev can exit
 * before the app it started has.
 */
export async function stopGroup(child, graceMs = 5000) {
  const pid = child.pid;
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    groups.delete(pid);
    return;
  }
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  if (child.exitCode === null && child.signalCode === null) await child.exited;
  groups.delete(pid);
}

/** Starts Xvfb on a display number it picks itself (-displayfd). */
export async function startXvfb() {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1400x900x24', '-nolisten', 'tcp'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  xvfb.exited = new Promise((ok) => xvfb.once('exit', (code, signal) => ok({ code, signal })));
  // Killed on the way out too, like the other groups, should this process
  // end before its cleanup runs.
  if (xvfb.pid) groups.add(xvfb.pid);
  defer(() => stopGroup(xvfb));
  const display = await new Promise((ok, fail) => {
    let buf = '';
    xvfb.stdio[3].on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) ok(`:${buf.trim()}`);
    });
    xvfb.once('exit', (code) => fail(new Error(`Xvfb exited with ${code}`)));
  });
  return display;
}

/** Polls check() until it returns a truthy value or timeoutMs passes. */
export async function waitFor(what, check, timeoutMs, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The log lines of a data folder's postplan.log. */
export function logLines(dataDir) {
  const p = join(dataDir, 'postplan.log');
  return existsSync(p) ? readFileSync(p, 'utf8').split('\n') : [];
}

/** Launches Debian's Chromium through playwright-core; never a downloaded browser. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  defer(() => browser.close());
  return browser;
}

/**
 * Starts `wails dev` on a free port with its data in dataDir, and resolves
 * with the address it serves the app at, with working Go bindings.
 */
export async function startDev(display, dataDir) {
  const port = await freePort();
  const dev = start(process.env.WAILS ?? 'wails', ['dev', '-tags', 'webkit2_41', '-devserver', `127.0.0.1:${port}`,
    '-s', '-m', '-nosyncgomod', '-skipbindings', '-noreload', '-nogorebuild', '-nocolour'], {
    cwd: repoRoot,
    // The app and the browser (timezoneId) are in the same zone, as on a
    // user's machine.
    // Its own XDG data folder, so GTK's list of recent files (which the
    // file dialogs open on) starts empty and the user's is not touched.
    // Its own configuration folder too, where a password kept in a file
    // goes, and no D-Bus session: the user's keyring is not touched.
    env: { ...process.env, DISPLAY: display, POSTPLAN_DATA: dataDir, TZ: process.env.TZ ?? 'Europe/Copenhagen', XDG_DATA_HOME: tempDir('postplan-xdg-'),
      XDG_CONFIG_HOME: tempDir('postplan-config-'), DBUS_SESSION_BUS_ADDRESS: '' },
  });
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitFor('wails dev to serve the app', async () => {
      if (dev.exitCode !== null) throw new Error(`wails dev exited early:\n${dev.output}`);
      try {
        return (await fetch(url)).ok;
      } catch {
        return false;
      }
    }, 240_000, 500);
  } catch (err) {
    console.error(dev.output);
    throw err;
  }
  return { url, dev };
}

/** The production binary the Makefile built. */
export const postplanBin = process.env.POSTPLAN_BIN ?? join(repoRoot, 'build', 'bin', 'postplan');

/** Runs axe-core in the page and returns its serious and critical violations. */
export async function axeViolations(page) {
  const { createRequire } = await import('node:module');
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Where tests leave screenshots and figures. */
export const testOutput = join(repoRoot, 'build', 'test-output');

/**
 * Opens the sample plan in `wails dev` under a private Xvfb, in Chromium as
 * a Copenhagen user with British English, and waits for the calendar's
 * first posts. prepare(dataDir) runs before the window opens, for the
 * command line's own setup. cleanup() stops it all.
 */
export async function openSamplePlan(prefix, prepare = () => {}) {
  mkdirSync(testOutput, { recursive: true });
  const display = await startXvfb();
  const dataDir = tempDir(prefix);
  execFileSync(postplanBin, ['demo', '--data', dataDir]);
  prepare(dataDir);
  const { url } = await startDev(display, dataDir);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 1300 }, locale: 'en-GB', timezoneId: 'Europe/Copenhagen' });
  await page.goto(url);
  await page.locator('.fc-event').first().waitFor({ timeout: 30_000 });
  // Tests that drive the native file dialogs need the X display the app's
  // own window is on, and some read the data folder's log.
  page.postplan = { display, dataDir };
  return page;
}

/**
 * Answers the native GTK file dialog titled title, which the app opened on
 * display, with path: typed into the location bar (open) or the name
 * field (save), as a user would.
 */
export async function answerFileDialog(display, title, path, save = false) {
  const env = { ...process.env, DISPLAY: display };
  const xdo = (...args) => execFileSync('xdotool', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  // --onlyvisible: GTK keeps a closed dialog's window, unmapped, under the
  // same title, and focusing that one fails.
  await waitFor(`the "${title}" dialog`, () => {
    try {
      const id = xdo('search', '--onlyvisible', '--name', `^${title}$`).split('\n')[0];
      // No window manager runs on the test display: focus is set directly.
      xdo('windowfocus', '--sync', id);
      return id;
    } catch {
      return ''; // not shown yet: xdotool exits 1 when nothing matches
    }
  }, 30_000);
  await sleep(300); // GTK maps the dialog before its entry takes keys
  xdo('key', save ? 'ctrl+a' : 'ctrl+l');
  xdo('type', '--delay', '5', path);
  // Return may first only accept the location bar's completion; press it
  // until the dialog has gone.
  const shown = () => {
    try {
      return xdo('search', '--onlyvisible', '--name', `^${title}$`) !== '';
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 4 && shown(); i++) {
    await sleep(300);
    xdo('key', 'Return');
    const deadline = Date.now() + 2000;
    while (shown() && Date.now() < deadline) await sleep(100);
  }
  if (shown()) throw new Error(`the "${title}" dialog did not take ${path}`);
}
