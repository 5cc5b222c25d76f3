// Starts the production binary in a real window under Xvfb, waits for the
// frontend's ready line, takes a screenshot, checks that a second launch
// on the same data folder hands over to the open window, and that SIGTERM shuts
// the app down cleanly.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, logLines, repoRoot, start, startXvfb, tempDir, waitFor } from './harness.mjs';

const bin = process.env.POSTPLAN_BIN ?? join(repoRoot, 'build', 'bin', 'postplan');
const outDir = join(repoRoot, 'build', 'test-output');
let display;
let dataDir;
let app;

before(async () => {
  display = await startXvfb();
  dataDir = tempDir('postplan-window-');
  // The screenshot shows the sample month, as a user sees it one click in.
  execFileSync(bin, ['demo', '--data', dataDir]);
  app = start(bin, ['--data', dataDir], { env: { ...process.env, DISPLAY: display } });
  await waitFor('the frontend ready line', () => {
    if (app.exitCode !== null) throw new Error(`postplan exited early:\n${app.output}`);
    return logLines(dataDir).find((l) => l.includes('msg="frontend ready"'));
  }, 60_000);
});

after(cleanup);

test('the real window shows the calendar (screenshot saved)', () => {
  const ready = logLines(dataDir).find((l) => l.includes('msg="frontend ready"'));
  const ms = Number(/since_start_ms=(\d+)/.exec(ready ?? '')?.[1]);
  assert.ok(Number.isFinite(ms), `no start-up figure in: ${ready}`);
  console.log(`# start-up to first calendar render: ${ms} ms`);
  mkdirSync(outDir, { recursive: true });
  const shot = join(outDir, 'window.png');
  // An empty window compresses to a couple of kilobytes; a drawn calendar to
  // tens. The compositor may lag the ready line by a frame, so look twice.
  let size = 0;
  for (let i = 0; i < 10 && size < 20_000; i++) {
    execFileSync('import', ['-window', 'root', shot], { env: { ...process.env, DISPLAY: display } });
    size = statSync(shot).size;
    if (size < 20_000) execFileSync('sleep', ['0.3']);
  }
  assert.ok(size > 20_000, `screenshot looks blank (${size} bytes)`);
});

test("the day's backup is written once the first calendar is drawn, not during start-up", async () => {
  const lines = await waitFor('the daily backup line', () => {
    const l = logLines(dataDir);
    return l.some((x) => x.includes('msg="daily backup"')) && l;
  }, 30_000);
  const ready = lines.findIndex((l) => l.includes('msg="frontend ready"'));
  const backup = lines.findIndex((l) => l.includes('msg="daily backup"'));
  assert.ok(ready >= 0 && backup > ready, `the backup (line ${backup}) came before the first calendar (line ${ready})`);
});

test('keys reach the real window: the week view, the editor and the week at a glance (screenshots saved)', () => {
  const env = { ...process.env, DISPLAY: display };
  const xdo = (...args) => execFileSync('xdotool', args, { env, encoding: 'utf8' }).trim();
  const id = xdo('search', '--onlyvisible', '--name', '^Postplan$').split('\n')[0];
  xdo('windowfocus', id);
  const shoot = (name) => {
    execFileSync('sleep', ['0.8']);
    const path = join(outDir, name);
    execFileSync('import', ['-window', 'root', path], { env });
    return readFileSync(path);
  };
  const month = shoot('window-month.png');
  xdo('key', 'w');
  const week = shoot('window-week.png');
  xdo('key', 'n');
  const editor = shoot('window-editor.png');
  xdo('key', 'Escape');
  xdo('key', 'g');
  const glance = shoot('window-glance.png');
  xdo('key', 'g');
  xdo('key', 'm');
  const digest = (b) => createHash('sha256').update(b).digest('hex');
  assert.notEqual(digest(glance), digest(editor), 'the week at a glance did not open');
  assert.notEqual(digest(week), digest(month), 'the week view looks like the month: the key did not arrive');
  assert.notEqual(digest(editor), digest(week), 'the editor did not open');
});

test('a second launch on the same data folder hands over to the open window and exits 0', () => {
  const second = spawnSync(bin, ['--data', dataDir], {
    env: { ...process.env, DISPLAY: display },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stderr.trim(), '');
  assert.ok(logLines(dataDir).some((l) => l.includes('second launch: brought the open window forward')));
});

test('SIGTERM closes the window and the database cleanly', async () => {
  process.kill(app.pid, 'SIGTERM');
  const { code } = await app.exited;
  assert.equal(code, 0, app.output);
  assert.ok(logLines(dataDir).some((l) => l.includes('msg="stopped cleanly"')));
});
