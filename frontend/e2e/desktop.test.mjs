// The production binary on a desktop of its own: Xvfb, a private D-Bus
// session, a window manager (openbox) and a notification daemon (dunst).
// A post's reminder is a real desktop notification, sent while the window is
// minimised, and clicking it brings the window back on the post; a second
// launch brings the running window forward and exits 0; what fell due while
// Postplan was closed is listed when it opens, not fired.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, logLines, postplanBin, start, startXvfb, tempDir, testOutput, waitFor } from './harness.mjs';

let env;
let dataDir;
let app;
let monitor;

const run = (cmd, ...args) => execFileSync(cmd, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const windowId = () => run('xdotool', 'search', '--onlyvisible', '--name', '^Postplan$').split('\n')[0];
const wmState = (id) => run('xprop', '-id', id, 'WM_STATE');
const shoot = (name) => run('import', '-window', 'root', join(testOutput, name));
/**
 * Takes a screenshot once the window has drawn itself: a black screen with
 * a notification compresses to a few kilobytes, a drawn calendar to well
 * over a hundred. The window manager maps a window before it is painted.
 */
const shootDrawn = (name) => waitFor(`${name} to show the window`, () => {
  shoot(name);
  return statSync(join(testOutput, name)).size > 80_000;
}, 10_000);

/** Imports one post due at `at` (UTC, to the second) with the command line. */
function importPost(title, at) {
  const stamp = new Date().toISOString();
  const id = `01E2EDESKTOP${String(at.getTime()).slice(-14)}`;
  const plan = {
    format: 'postplan-plan', version: 1, campaigns: [], members: [], channels: [], feeds: [], routines: [], experiments: [],
    posts: [{ id, title, body: 'Posted by hand', channels: ['Instagram'], variants: null, start: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      timeZone: 'UTC', duration: 0, allDay: false, status: 'scheduled', assignee: '', tags: null, notes: '', link: '', media: null,
      created: stamp, updated: stamp, sequence: 0 }],
  };
  const file = join(dataDir, `${id}.json`);
  writeFileSync(file, JSON.stringify(plan));
  execFileSync(postplanBin, ['import', '--data', dataDir, file], { env });
  return id;
}

async function launch() {
  const before = logLines(dataDir).filter((l) => l.includes('msg="frontend ready"')).length;
  app = start(postplanBin, ['--data', dataDir], { env });
  await waitFor('the frontend ready line', () => {
    if (app.exitCode !== null) throw new Error(`postplan exited early:\n${app.output}`);
    return logLines(dataDir).filter((l) => l.includes('msg="frontend ready"')).length > before;
  }, 60_000);
}

let dueAt;

before(async () => {
  mkdirSync(testOutput, { recursive: true });
  const display = await startXvfb();
  const busDir = tempDir('postplan-bus-');
  const address = `unix:path=${join(busDir, 'bus')}`;
  const bus = start('dbus-daemon', ['--session', '--nofork', '--nopidfile', `--address=${address}`, '--print-address=1']);
  await waitFor('the D-Bus session', () => {
    if (bus.exitCode !== null) throw new Error(`dbus-daemon exited:\n${bus.output}`);
    return bus.output.includes('unix:path=');
  }, 10_000);
  env = { ...process.env, DISPLAY: display, DBUS_SESSION_BUS_ADDRESS: address, XDG_CONFIG_HOME: tempDir('postplan-config-'),
    XDG_DATA_HOME: tempDir('postplan-xdg-'), XDG_RUNTIME_DIR: busDir, TZ: 'Europe/Copenhagen' };
  const wm = start('openbox', ['--sm-disable'], { env });
  await waitFor('openbox', () => {
    if (wm.exitCode !== null) throw new Error(`openbox exited:\n${wm.output}`);
    try {
      return run('xprop', '-root', '_NET_SUPPORTING_WM_CHECK').includes('window id');
    } catch {
      return false;
    }
  }, 10_000);
  const dunst = start('dunst', [], { env });
  await waitFor('dunst on the bus', () => {
    if (dunst.exitCode !== null) throw new Error(`dunst exited:\n${dunst.output}`);
    try {
      return run('dbus-send', '--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.Notifications').includes('boolean true');
    } catch {
      return false;
    }
  }, 10_000);
  monitor = start('dbus-monitor', ['--session', "interface='org.freedesktop.Notifications',member='Notify'"], { env });
  await waitFor('dbus-monitor', () => monitor.output.includes('NameAcquired') || monitor.output.includes('member=Notify') ||
    monitor.output.length > 0, 10_000);

  dataDir = tempDir('postplan-desktop-');
  execFileSync(postplanBin, ['demo', '--data', dataDir], { env });
  dueAt = new Date(Math.ceil((Date.now() + 25_000) / 1000) * 1000);
  importPost('Reminder on the desktop', dueAt);
  await launch();
});

after(cleanup);

test('a reminder reaches the desktop while the window is minimised, and clicking it opens the post', async () => {
  assert.ok(dueAt.getTime() > Date.now() + 2000, 'the window took too long to open');
  const id = windowId();
  run('xdotool', 'windowminimize', '--sync', id);
  assert.match(wmState(id), /Iconic/);
  await waitFor('the Notify call', () => monitor.output.includes('Due now: Reminder on the desktop'), dueAt.getTime() - Date.now() + 30_000);
  const late = Date.now() - dueAt.getTime();
  console.log(`# desktop notification ${late} ms after the post's time`);
  assert.ok(late < 5000, `the notification came ${late} ms late`);
  assert.match(monitor.output, /string "postplan/, 'sent by the app');
  await waitFor('dunst to show it', () => Number(run('dunstctl', 'count', 'displayed')) > 0, 10_000);
  assert.match(wmState(id), /Iconic/, 'the reminder did not need the window');
  shoot('reminder-notification.png');

  // Clicking it: dunst invokes the default action.
  run('dunstctl', 'action', '0');
  await waitFor('the click to reach the app', () => logLines(dataDir).some((l) => l.includes('msg="reminder clicked"')), 10_000);
  await waitFor('the window back', () => /Normal/.test(wmState(id)), 10_000);
  await shootDrawn('reminder-clicked.png');
});

test('a second launch brings the minimised window forward and exits 0', async () => {
  const id = windowId();
  run('xdotool', 'windowminimize', '--sync', id);
  assert.match(wmState(id), /Iconic/);
  const second = spawnSync(postplanBin, ['--data', dataDir], { env, encoding: 'utf8', timeout: 30_000 });
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stderr, '');
  await waitFor('the window in front', () => /Normal/.test(wmState(id)), 10_000);
  assert.equal(run('xdotool', 'search', '--onlyvisible', '--name', '^Postplan$').split('\n').length, 1, 'one window');
  await shootDrawn('second-launch.png');
});

test('posts due while Postplan was closed are listed when it opens, not fired', async () => {
  process.kill(app.pid, 'SIGTERM');
  assert.equal((await app.exited).code, 0);
  const at = new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000);
  importPost('Missed while closed', at);
  await waitFor('its time to pass', () => Date.now() > at.getTime() + 500, 10_000);
  await launch();
  await waitFor('the missed list', () => logLines(dataDir).some((l) => l.includes('msg="reminders missed while closed" posts=1')), 10_000);
  await shootDrawn('missed-while-closed.png');
  assert.doesNotMatch(monitor.output, /Missed while closed/, 'a missed post was fired');
});
