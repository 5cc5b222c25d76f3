// What make dist wrote, installed as a user would: the .deb with apt (real
// dpkg, pulling only runtime libraries), its desktop entry and metainfo
// validated, lintian, the installed binary's window under Xvfb, and apt's
// remove leaving the data folder; the Windows installer listed with 7z and
// installed and uninstalled silently under wine64. Run
// by `make dist-test` (part of `make test`) as root or with sudo.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { cleanup, defer, logLines, repoRoot, start, startXvfb, stopGroup, tempDir, testOutput, waitFor } from '../e2e/harness.mjs';

const dist = join(repoRoot, 'build', 'dist');
const version = process.env.VERSION ?? execFileSync(join(repoRoot, 'build', 'version.sh'), [], { encoding: 'utf8' }).trim();
const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
const only = (re) => {
  const found = readdirSync(dist).filter((f) => re.test(f));
  assert.equal(found.length, 1, `one file like ${re} in build/dist: ${found}`);
  return join(dist, found[0]);
};
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', ...opts });
const root = (cmd, args) => run(sudo[0] ?? cmd, sudo.length ? [cmd, ...args] : args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
const appId = 'app.postplan.Postplan';

after(async () => {
  spawnSync(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), 'remove', '-y', '-qq', 'postplan'], { stdio: 'ignore' });
  await cleanup();
});

test('the version is the tag on HEAD, else 0.0.0-<commit>', () => {
  const repo = mkdtempSync(join(tmpdir(), 'postplan-version-'));
  const git = (...args) => run('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);
  git('init', '-q');
  git('commit', '-q', '--allow-empty', '-m', 'one');
  const sha = git('rev-parse', '--short', 'HEAD').trim();
  const versionOf = () => run(join(repoRoot, 'build', 'version.sh'), [repo]).trim();
  assert.equal(versionOf(), `0.0.0-${sha}`);
  git('tag', 'v0.3.0');
  assert.equal(versionOf(), '0.3.0');
  git('commit', '-q', '--allow-empty', '-m', 'two');
  assert.match(versionOf(), /^0\.0\.0-[0-9a-f]{7,}$/, 'a commit after the tag is not the release');
});

test('SHA256SUMS covers every file make dist wrote', () => {
  const sums = readFileSync(join(dist, 'SHA256SUMS'), 'utf8');
  const listed = sums.trim().split('\n').map((l) => l.split(/\s+\*?/)[1]).sort();
  const files = readdirSync(dist).filter((f) => f !== 'SHA256SUMS').sort();
  assert.deepEqual(listed, files);
  run('sha256sum', ['--check', '--quiet', 'SHA256SUMS'], { cwd: dist });
  for (const f of files) console.log(`# ${f}: ${(statSync(join(dist, f)).size / 1e6).toFixed(1)} MB`);
});

test('the .deb depends on runtime libraries only and lintian finds no error', () => {
  const deb = only(/^postplan_.*_amd64\.deb$/);
  const depends = run('dpkg-deb', ['--field', deb, 'Depends']).trim();
  assert.match(depends, /libgtk-3-0/);
  assert.match(depends, /libwebkit2gtk-4\.1-0/);
  assert.doesNotMatch(depends, /-dev\b/);
  assert.equal(run('dpkg-deb', ['--field', deb, 'Version']).trim(), version.replace('-', '~'));
  const lint = spawnSync('lintian', ['--tag-display-limit', '0', deb], { encoding: 'utf8' });
  const lines = `${lint.stdout}${lint.stderr}`.split('\n').filter((l) => /^[EWI]: /.test(l));
  for (const l of lines) console.log(`# lintian ${l}`);
  assert.deepEqual(lines.filter((l) => l.startsWith('E: ')), [], 'lintian errors');
});

test('the .tar.gz holds the binary, which prints the version', () => {
  const tgz = only(/^postplan-.*-linux-amd64\.tar\.gz$/);
  const dir = mkdtempSync(join(tmpdir(), 'postplan-tgz-'));
  run('tar', ['-xzf', tgz, '-C', dir]);
  const top = `postplan-${version}`;
  assert.deepEqual(readdirSync(join(dir, top)).sort(), ['COPYRIGHT', 'README.md', 'postplan']);
  assert.equal(run(join(dir, top, 'postplan'), ['version']).trim(), `postplan ${version}`);
  rmSync(dir, { recursive: true, force: true });
});

let installed = false;

test('apt installs the .deb; postplan on the PATH prints the version; entry and metainfo validate', () => {
  const deb = only(/^postplan_.*_amd64\.deb$/);
  root('apt-get', ['install', '-y', '-qq', deb]);
  installed = true;
  assert.equal(run('/usr/bin/postplan', ['version']).trim(), `postplan ${version}`);
  assert.equal(run('postplan', ['version']).trim(), `postplan ${version}`, 'on the PATH');
  run('desktop-file-validate', [`/usr/share/applications/${appId}.desktop`]);
  run('appstreamcli', ['validate', '--no-net', `/usr/share/metainfo/${appId}.metainfo.xml`]);
  for (const size of [16, 32, 48, 64, 128, 256, 512]) {
    assert.ok(existsSync(`/usr/share/icons/hicolor/${size}x${size}/apps/postplan.png`), `a ${size}px icon`);
  }
});

test('the systemd units in docs/publishing.md pass systemd-analyze verify with the installed binary', () => {
  assert.ok(installed, 'the package is installed');
  const doc = readFileSync(join(repoRoot, 'docs', 'publishing.md'), 'utf8');
  const units = [...doc.matchAll(/```ini\n# (\S+)\n([\s\S]*?)```/g)];
  assert.equal(units.length, 2, 'a system unit and a user unit');
  for (const [, path, text] of units) {
    const dir = mkdtempSync(join(tmpdir(), 'postplan-unit-'));
    const file = join(dir, 'postplan-publish.service');
    writeFileSync(file, text);
    const user = path.includes('/systemd/user/');
    const r = spawnSync('systemd-analyze', ['verify', ...(user ? ['--user'] : []), file], {
      encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: mkdtempSync(join(tmpdir(), 'postplan-run-')) },
    });
    assert.equal(r.status, 0, `${path}:\n${r.stderr}`);
    assert.equal(r.stderr.trim(), '', `${path}: systemd-analyze has something to say:\n${r.stderr}`);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the installed binary opens its window (screenshot saved)', async () => {
  assert.ok(installed, 'the package is installed');
  const display = await startXvfb();
  const dataDir = tempDir('postplan-installed-');
  run('/usr/bin/postplan', ['demo', '--data', dataDir]);
  const app = start('/usr/bin/postplan', ['--data', dataDir], { env: { ...process.env, DISPLAY: display } });
  await waitFor('the installed app\'s ready line', () => {
    if (app.exitCode !== null) throw new Error(`postplan exited early:\n${app.output}`);
    return logLines(dataDir).find((l) => l.includes('msg="frontend ready"'));
  }, 60_000);
  mkdirSync(testOutput, { recursive: true });
  const shot = join(testOutput, 'installed-window.png');
  let size = 0;
  for (let i = 0; i < 10 && size < 20_000; i++) {
    run('import', ['-window', 'root', shot], { env: { ...process.env, DISPLAY: display } });
    size = statSync(shot).size;
    if (size < 20_000) run('sleep', ['0.3']);
  }
  assert.ok(size > 20_000, `the screenshot looks blank (${size} bytes)`);
  await stopGroup(app);
  assert.ok(logLines(dataDir).some((l) => l.includes(`version=${version}`)), 'the log names the version');
  // Removing the package leaves the user's plan.
  root('apt-get', ['remove', '-y', '-qq', 'postplan']);
  installed = false;
  assert.ok(!existsSync('/usr/bin/postplan'), 'the binary is gone');
  assert.ok(existsSync(join(dataDir, 'postplan.log')) && readdirSync(dataDir).some((f) => f.endsWith('.sst') || f === 'MANIFEST'),
    'the data folder and the plan in it are still there');
});

test('the Windows installer holds postplan.exe with its icon and version resource', () => {
  const installer = only(/^postplan-.*-windows-amd64-installer\.exe$/);
  const listing = run('7z', ['l', installer]);
  assert.match(listing, /\bpostplan\.exe\b/);
  const dir = mkdtempSync(join(tmpdir(), 'postplan-exe-'));
  run('7z', ['x', '-y', `-o${dir}`, installer, 'postplan.exe']);
  const exe = join(dir, 'postplan.exe');
  const resources = run('7z', ['l', exe]);
  assert.match(resources, /\.rsrc[\\/]\d+[\\/]GROUP_ICON[\\/]/, 'an icon');
  const entry = resources.match(/\.rsrc[\\/]\d+[\\/]version\.txt/)?.[0];
  assert.ok(entry, 'a version resource');
  run('7z', ['x', '-y', `-o${dir}`, exe, entry]);
  // 7z renders the VERSIONINFO as UTF-16 text.
  const info = readFileSync(join(dir, ...entry.split(/[\\/]/))).toString('utf16le');
  const numeric = version.split('-')[0];
  assert.match(info, new RegExp(`"ProductVersion",\\s*"${numeric.replaceAll('.', '\\.')}"`), `the version resource says ${numeric}`);
  assert.match(info, /"ProductName",\s*"Postplan"/);
  writeFileSync(join(testOutput, 'installer-listing.txt'), listing);
});

// Debian's wine64 (8.0) installs and uninstalls; it cannot start Go 1.26
// programs (no bcryptprimitives.dll), so postplan.exe itself is not run.
test('wine64 installs it silently per user and its uninstaller keeps the data', async () => {
  const installer = only(/^postplan-.*-windows-amd64-installer\.exe$/);
  const wine = '/usr/lib/wine/wine64';
  const prefix = tempDir('postplan-wine-');
  defer(() => rmSync(prefix, { recursive: true, force: true }));
  const display = await startXvfb();
  const env = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', DISPLAY: display };
  // Every wine program leaves wineserver running a while: wait for it, and
  // stop it whatever happens.
  const settle = () => spawnSync('/usr/lib/wine/wineserver', ['-w'], { env, timeout: 120_000 });
  defer(() => spawnSync('/usr/lib/wine/wineserver', ['-k'], { env }));
  const wineRun = (...args) => {
    const r = spawnSync(wine, args, { env, encoding: 'utf8', timeout: 300_000 });
    settle();
    return r;
  };
  // A new prefix says Windows 7, which the installer refuses (exit 64);
  // and the WebView2 bootstrapper needs the internet, so the prefix says
  // WebView2 is there, as it is on Windows 10 and 11.
  assert.equal(wineRun('winecfg', '-v', 'win10').status, 0);
  assert.equal(wineRun('reg', 'add', 'HKCU\\Software\\Microsoft\\EdgeUpdate\\Clients\\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}',
    '/v', 'pv', '/t', 'REG_SZ', '/d', '1.0', '/f').status, 0);

  const begin = Date.now();
  const install = wineRun(installer, '/S');
  assert.equal(install.status, 0, `the installer exits 0:\n${install.stderr}`);
  console.log(`# silent install under wine64: ${((Date.now() - begin) / 1000).toFixed(1)} s`);
  const appData = join(prefix, 'drive_c', 'users', userInfo().username, 'AppData');
  const dir = join(appData, 'Local', 'Programs', 'Postplan');
  const exe = join(dir, 'postplan.exe');
  assert.ok(existsSync(exe) && existsSync(join(dir, 'uninstall.exe')), `postplan.exe and uninstall.exe in ${dir}`);
  const packed = mkdtempSync(join(tmpdir(), 'postplan-packed-'));
  run('7z', ['x', '-y', `-o${packed}`, installer, 'postplan.exe']);
  assert.ok(readFileSync(exe).equals(readFileSync(join(packed, 'postplan.exe'))), 'the installed exe is the one packed');
  const menu = join(appData, 'Roaming', 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Postplan.lnk');
  assert.ok(existsSync(menu), 'a Start-menu entry');
  const key = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\PostplanPostplan';
  const entry = wineRun('reg', 'query', key).stdout;
  assert.match(entry, /DisplayName\s+REG_SZ\s+Postplan/, `Apps & features lists it:\n${entry}`);
  assert.match(entry, /UninstallString\s+REG_SZ\s+.*uninstall\.exe/);

  // The user's plan lives in %AppData%\postplan; uninstalling leaves it.
  const data = join(appData, 'Roaming', 'postplan');
  mkdirSync(data, { recursive: true });
  writeFileSync(join(data, 'MANIFEST'), 'the plan');
  // Run in place (_?=, NSIS's way for a caller that waits). Run as Apps &
  // features runs it, NSIS first copies the uninstaller to %TEMP% and
  // starts the copy without waiting for it; under wine, one CI run in many
  // got exit status 2 from that. In place, the status is the uninstall
  // section's own and it removes and keeps the same; it cannot delete its
  // own file, which is all it leaves.
  const winDir = `C:\\users\\${userInfo().username}\\AppData\\Local\\Programs\\Postplan`;
  const uninstall = wineRun(join(dir, 'uninstall.exe'), '/S', `_?=${winDir}`);
  assert.equal(uninstall.status, 0, `the uninstaller exits 0:\n${uninstall.stdout}\n${uninstall.stderr}`);
  assert.ok(!existsSync(exe), 'postplan.exe is gone');
  assert.deepEqual(readdirSync(dir), ['uninstall.exe'], 'only the running uninstaller is left');
  assert.ok(!existsSync(menu), 'the Start-menu entry is gone');
  assert.equal(wineRun('reg', 'query', key).status !== 0, true, 'the Apps & features entry is gone');
  assert.equal(readFileSync(join(data, 'MANIFEST'), 'utf8'), 'the plan', 'the data folder is still there');
});
