// File > Import and Export in the window, against `wails dev` (real Go,
// real Badger) with the sample month loaded, the native GTK file dialogs
// answered with xdotool: a 10,000-row CSV file with two bad rows is
// previewed (row and column of each problem), its valid rows imported with
// a progress bar; a 50,000-row file cancelled half-way leaves the plan and
// its campaigns as they were; the JSON export shows both; an export from
// before a drag, imported back, leaves the drag alone; a Windows-1252 CSV
// file from Excel is read, its letters shown in the preview; American
// dates are read month first; a semicolon CSV export reads back unchanged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerFileDialog, axeViolations, cleanup, openSamplePlan, tempDir, testOutput, waitFor } from './harness.mjs';

let page;
let files;

before(async () => {
  page = await openSamplePlan('postplan-transfer-');
  files = tempDir('postplan-transfer-files-');
  // Every progress event the window gets, to check the bar had counts.
  await page.evaluate(() => {
    window.transferEvents = [];
    window.runtime.EventsOn('transfer:progress', (p) => window.transferEvents.push(p));
  });
});

after(cleanup);

/** A CSV file of n rows naming a campaign and a channel the plan lacks; bad rows get a time that is not one. */
function csvFile(name, n, campaign, bad = []) {
  const lines = ['Date,Time,Time zone,Title,Channels,Campaigns'];
  const day0 = Date.UTC(2027, 0, 4);
  for (let i = 0; i < n; i++) {
    const row = i + 2;
    const day = new Date(day0 + (i % 364) * 86_400_000).toISOString().slice(0, 10);
    const time = bad.includes(row) ? '25:00' : `${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
    lines.push(`${day},${time},Europe/Copenhagen,${campaign} post ${i},Nyhedsbrev,${campaign}`);
  }
  const path = join(files, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const dialog = () => page.locator('#transfer-dialog');
async function stage(s) {
  try {
    await page.locator(`#transfer-dialog[data-stage="${s}"]`).waitFor({ timeout: 60_000 });
  } catch (err) {
    // What the page and the app's own window showed, for whoever reads the failure.
    await page.screenshot({ path: join(testOutput, `transfer-failed-${s}.png`) });
    execFileSync('import', ['-window', 'root', join(testOutput, `transfer-failed-${s}-x.png`)], { env: { ...process.env, DISPLAY: page.postplan.display } });
    throw err;
  }
}

async function chooseImport(path) {
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+i');
  await answerFileDialog(page.postplan.display, 'Import a plan', path);
  await stage('preview');
}

/** Exports everything as JSON through File > Export and returns the parsed file. */
async function exportJSON(name) {
  const path = join(files, name);
  await page.keyboard.press('Control+e');
  await dialog().getByLabel(/Everything, as JSON/).check();
  await dialog().getByRole('button', { name: 'Choose where…' }).click();
  await answerFileDialog(page.postplan.display, 'Export the plan', path, true);
  await stage('done');
  assert.match(await dialog().textContent(), /The plan was written to .*\.json\./);
  await dialog().getByRole('button', { name: 'Close' }).click();
  return JSON.parse(readFileSync(path, 'utf8'));
}

test('a 10,000-row CSV file is previewed with its problems, and its valid rows imported with progress', async () => {
  const before = await exportJSON('before.json');
  const path = csvFile('vinter.csv', 10_000, 'vinter', [14, 9001]);
  await chooseImport(path);
  assert.equal(await dialog().locator('#transfer-summary').textContent(),
    '10,000 rows: 9,998 to import (9,998 new, 0 updated, 0 unchanged), 2 with problems.');
  assert.match(await dialog().textContent(), /New campaigns: vinter/);
  assert.match(await dialog().textContent(), /New channels: Nyhedsbrev/);
  const rows = dialog().locator('.problems tbody tr');
  assert.equal(await rows.count(), 2);
  assert.deepEqual(await rows.first().locator('td').allTextContents(), ['14', 'Time', '"25:00" is not a time; write it as 14:30.']);
  assert.equal(await rows.nth(1).locator('td').first().textContent(), '9001');
  assert.deepEqual(await axeViolations(page), [], 'the preview passes axe');
  await page.screenshot({ path: join(testOutput, 'import-preview.png') });

  await page.evaluate(() => (window.transferEvents = []));
  await dialog().getByRole('button', { name: 'Import the 9,998 valid rows' }).click();
  await stage('done');
  const text = await dialog().textContent();
  assert.match(text, /Imported 9,998 posts \(9,998 new, 0 updated, 0 unchanged\)\./);
  assert.match(text, /2 rows with problems were left out\./);
  // Progress comes as events and the result as the call's answer, which
  // can overtake the last event: wait for it.
  await page.waitForFunction(() => window.transferEvents.some((e) => e.phase === 'write' && e.done === e.total), null, { timeout: 10_000 });
  const events = await page.evaluate(() => window.transferEvents);
  const writes = events.filter((e) => e.phase === 'write');
  assert.ok(writes.length >= 20, `progress came in steps: ${JSON.stringify(events.slice(0, 5))}`);
  // Events can arrive out of order; the furthest is the whole import.
  assert.deepEqual(writes.reduce((a, e) => (e.done > a.done ? e : a)), { phase: 'write', done: 9998, total: 9998 });
  await dialog().getByRole('button', { name: 'Close' }).click();

  const after = await exportJSON('after.json');
  assert.equal(after.posts.length, before.posts.length + 9998);
  assert.ok(after.campaigns.some((c) => c.tag === 'vinter'), 'the new campaign is in the plan');
});

test('cancelling a 50,000-row import half-way leaves the plan and its campaigns as they were', async () => {
  const before = await exportJSON('before-cancel.json');
  const path = csvFile('sommer.csv', 50_000, 'sommer');
  await chooseImport(path);
  await page.evaluate(() => (window.transferEvents = []));
  await dialog().getByRole('button', { name: 'Import 50,000 posts' }).click();
  // Cancel once the bar shows a first count: posts are being written.
  await waitFor('the first posts written', () => page.evaluate(() => window.transferEvents.some((e) => e.phase === 'write' && e.done > 0)), 60_000, 20);
  assert.match(await dialog().locator('#transfer-count').textContent(), /Importing: [\d,]+ of 50,000 posts|Reading and checking/);
  await page.screenshot({ path: join(testOutput, 'import-progress.png') });
  await dialog().getByRole('button', { name: 'Cancel' }).click();
  await stage('done');
  assert.equal(await dialog().locator('p').first().textContent(), 'Cancelled: nothing was imported, and the plan is as it was.');
  const events = await page.evaluate(() => window.transferEvents);
  assert.ok(!events.some((e) => e.phase === 'write' && e.done === 50_000), 'the import was stopped before its end');
  await dialog().getByRole('button', { name: 'Close' }).click();

  const after = await exportJSON('after-cancel.json');
  assert.equal(after.posts.length, before.posts.length);
  assert.deepEqual(after.campaigns.map((c) => c.tag), before.campaigns.map((c) => c.tag));
  assert.deepEqual(after.channels, before.channels);
});

test('File > Back up, then File > Restore, gives back the plan as it was backed up', async () => {
  // A File menu item as Go sends it, to this page only: EventsEmit would
  // also reach the app's own window, which `wails dev` runs beside it.
  const menu = (action) => page.evaluate((a) => window.wails.EventsNotify(JSON.stringify({ name: 'menu', data: [a] })), action);
  const before = await exportJSON('before-backup.json');
  const backup = join(files, 'monday.backup');
  await menu('backup');
  await answerFileDialog(page.postplan.display, 'Back up the plan', backup, true);
  await stage('done');
  assert.equal(await dialog().locator('p').first().textContent(), `The plan was backed up to ${backup}.`);
  await dialog().getByRole('button', { name: 'Close' }).click();

  await chooseImport(csvFile('extra.csv', 5, 'extra'));
  await dialog().getByRole('button', { name: 'Import 5 posts' }).click();
  await stage('done');
  await dialog().getByRole('button', { name: 'Close' }).click();

  await menu('restore');
  await answerFileDialog(page.postplan.display, 'Restore a backup', backup);
  await stage('preview');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Cancel', 'Cancel is the default for a restore');
  await dialog().getByRole('button', { name: 'Restore' }).click();
  await stage('done');
  const text = await dialog().textContent();
  assert.match(text, /The plan was restored\./);
  assert.match(text, /The plan it replaced is kept in .*replaced-.*\.backup\./);
  await dialog().getByRole('button', { name: 'Close' }).click();
  const after = await exportJSON('after-restore.json');
  assert.equal(after.posts.length, before.posts.length);
  assert.ok(!after.campaigns.some((c) => c.tag === 'extra'), 'the campaign imported after the backup is gone');
});

test('an export from before a drag, imported back, leaves the drag alone and says so', async () => {
  const path = join(files, 'before-drag.json');
  const exported = await exportJSON('before-drag.json');
  const post = exported.posts.find((p) => p.start && !p.recurrence && !p.allDay);
  assert.ok(post, 'the plan has a timed single post');
  // The file's copy is older once the plan's clock is in a later second
  // than the post's last change: .ics files keep whole seconds.
  const changed = Math.floor(Date.parse(post.updated) / 1000) * 1000;
  await waitFor('a second after the post last changed', () => Date.now() >= changed + 1000, 5_000, 50);
  const day = new Date(Date.parse(post.start) + 2 * 86_400_000).toISOString().slice(0, 10);
  await page.evaluate((m) => window.go.app.Planner.MovePost(m), { postId: post.id, start: day, allDay: true });

  await chooseImport(path);
  const older = 'Posts the plan changed after the file was written stay as the plan has them: 1.';
  assert.equal(await dialog().locator('#transfer-older').textContent(), older);
  await page.screenshot({ path: join(testOutput, 'import-older.png') });
  assert.match(await dialog().locator('#transfer-summary').textContent(), /\(0 new, 0 updated, [\d,]+ unchanged\)/);
  await dialog().getByRole('button', { name: /^Import / }).click();
  await stage('done');
  assert.ok((await dialog().textContent()).includes(older), 'the result says so too');
  await dialog().getByRole('button', { name: 'Close' }).click();
  const after = (await exportJSON('after-drag.json')).posts.find((p) => p.id === post.id);
  assert.equal(after.allDay, true);
  assert.equal(after.start.slice(0, 10), day);
});

test('a CSV file Excel for Windows saved as plain "CSV" is read as Windows-1252, and the preview shows its letters', async () => {
  const text = 'Dato;Klokkeslæt;Titel;Tekst;Kanaler\r\n4.4.2027;10:00;Åbent hus på Østerbro;Kom forbi – vi glæder os!;LinkedIn\r\n';
  const path = join(files, 'excel-windows.csv');
  writeFileSync(path, execFileSync('iconv', ['-f', 'UTF-8', '-t', 'CP1252'], { input: text }));
  await chooseImport(path);
  assert.equal(await dialog().locator('#transfer-encoding').textContent(),
    'The file is not UTF-8: it was read as Windows-1252 text, as Excel for Windows saves plain CSV files, so that it reads “Åbent hus på Østerbro”. If letters look wrong, cancel, save the file as “CSV UTF-8” and import that.');
  await page.screenshot({ path: join(testOutput, 'import-windows-1252.png') });
  await dialog().getByRole('button', { name: /^Import / }).click();
  await stage('done');
  await dialog().getByRole('button', { name: 'Close' }).click();
  const post = (await exportJSON('after-excel.json')).posts.find((p) => p.title === 'Åbent hus på Østerbro');
  assert.ok(post, 'the post is in the plan with its letters');
  assert.equal(post.body, 'Kom forbi – vi glæder os!');
});

test('American dates are read month first, dates that could be either day first, and the preview says which', async () => {
  const either = join(files, 'either.csv');
  writeFileSync(either, 'Dato;Titel\n04/01/2027;Et\n');
  await chooseImport(either);
  assert.equal(await dialog().locator('#transfer-dates').textContent(),
    'Dates are read day first: row 2’s 04/01/2027 is 4 January 2027. Nothing in the file shows whether it writes the day or the month first; if the month comes first, cancel and write its dates as 2026-03-31.');
  await dialog().getByRole('button', { name: 'Cancel' }).click();

  const path = join(files, 'hootsuite-us.csv');
  writeFileSync(path, '03/31/2027 09:30,Spring is here,https://example.com/spring\n04/01/2027 14:00,Webinar tomorrow,\n');
  await chooseImport(path);
  assert.equal(await dialog().locator('#transfer-dates').textContent(),
    'Dates are read month first, as in the United States: row 1 has 03/31/2027 09:30, which can only be read that way.');
  await dialog().getByRole('button', { name: /^Import / }).click();
  await stage('done');
  await dialog().getByRole('button', { name: 'Close' }).click();
  const posts = (await exportJSON('after-hootsuite.json')).posts;
  assert.equal(posts.find((p) => p.title === 'Webinar tomorrow')?.start.slice(0, 10), '2027-04-01', 'the 1st of April, not the 4th of January');
});

test('a CSV export with semicolons, as Excel in Denmark opens, reads back unchanged, and the choice is kept', async () => {
  const path = join(files, 'semicolons.csv');
  await page.keyboard.press('Control+e');
  assert.equal(await dialog().getByLabel(/Commas \(/).isChecked(), true, 'an English window starts with commas');
  await dialog().getByLabel(/Semicolons \(/).check();
  await dialog().getByRole('button', { name: 'Choose where…' }).click();
  await answerFileDialog(page.postplan.display, 'Export the plan', path, true);
  await stage('done');
  await dialog().getByRole('button', { name: 'Close' }).click();
  const text = readFileSync(path, 'utf8');
  assert.ok(text.startsWith('\uFEFFID;Date;Time;Time zone;'), `the header: ${text.slice(0, 40)}`);

  await chooseImport(path);
  assert.match(await dialog().locator('#transfer-summary').textContent(), /\(0 new, 0 updated, [\d,]+ unchanged\)/);
  await dialog().getByRole('button', { name: 'Cancel' }).click();

  await page.keyboard.press('Control+e');
  assert.equal(await dialog().getByLabel(/Semicolons \(/).isChecked(), true, 'the next export starts with semicolons');
  await dialog().getByLabel(/Everything, as JSON/).check();
  assert.equal(await dialog().locator('#csv-separator').isVisible(), false, 'the separator is for CSV only');
  await dialog().getByRole('button', { name: 'Cancel' }).click();
});
