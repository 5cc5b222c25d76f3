// A plan that cannot be opened: the production binary, in a real window
// under Xvfb, shows what is wrong and offers the newest automatic backup
// with the Restore button focused; Return restores it, Return again opens
// the restored plan in a new Postplan, and the damaged files are kept.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, logLines, postplanBin, start, startXvfb, tempDir, testOutput, waitFor } from './harness.mjs';

let display;
let dataDir;
let app;

before(async () => {
  display = await startXvfb();
  dataDir = tempDir('postplan-recovery-');
  execFileSync(postplanBin, ['demo', '--data', dataDir]);
  mkdirSync(join(dataDir, 'backups'));
  execFileSync(postplanBin, ['backup', '--data', dataDir, '--out', join(dataDir, 'backups', 'daily-2026-11-22.backup')]);
  writeFileSync(join(dataDir, 'MANIFEST'), 'a manifest a crash tore');
  app = start(postplanBin, ['--data', dataDir], { env: { ...process.env, DISPLAY: display } });
});

after(cleanup);

const logged = (what) => logLines(dataDir).find((l) => l.includes(what));

test('a damaged plan opens a window that restores the newest backup and then the plan', async () => {
  await waitFor('the recovery window', () => logged('msg="recovery window shown"'), 60_000);
  const env = { ...process.env, DISPLAY: display };
  const xdo = (...args) => execFileSync('xdotool', args, { env, encoding: 'utf8' }).trim();
  const shoot = (name) => {
    execFileSync('sleep', ['0.8']);
    execFileSync('import', ['-window', 'root', join(testOutput, name)], { env });
  };
  mkdirSync(testOutput, { recursive: true });
  shoot('recovery.png');
  const id = xdo('search', '--onlyvisible', '--name', '^Postplan$').split('\n')[0];
  try {
    xdo('windowfocus', id);
  } catch {
    /* without a window manager the only window may refuse; it has the keyboard anyway */
  }
  xdo('key', 'Return'); // Restore the newest backup, the focused button
  await waitFor('the restore', () => logged('msg=restored'), 20_000);
  shoot('recovery-restored.png');
  xdo('key', 'Return'); // Open the plan
  await waitFor('Postplan started again over the restored plan', () => logged('msg="frontend ready"'), 60_000);
  assert.ok(logged('msg="started again over the restored plan"'));

  const kept = readdirSync(dataDir).filter((n) => n.startsWith('damaged-'));
  assert.equal(kept.length, 1, `one folder of damaged files: ${kept}`);
  assert.equal(readFileSync(join(dataDir, kept[0], 'MANIFEST'), 'utf8'), 'a manifest a crash tore');
  assert.ok(existsSync(join(dataDir, 'backups', 'daily-2026-11-22.backup')), 'the backup is still there');
});
