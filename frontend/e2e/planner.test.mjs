// The planning window as a marketer uses it, against `wails dev` (real Go,
// real Badger) with the sample month loaded: the editor and its field
// errors, drag and drop, a series, filters, undo, Danish, and an axe check.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { axeViolations, cleanup, openSamplePlan, testOutput } from './harness.mjs';

const shots = testOutput;
let page;

// Days of the month shown first, so the test works whenever it runs.
const now = new Date();
const day = (d) => `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

before(async () => {
  page = await openSamplePlan('postplan-planner-');
});

after(cleanup);

/** The dates of the cells holding posts with this title, in order. */
async function datesOf(title) {
  return page.evaluate((title) => [...document.querySelectorAll('.fc-daygrid-day')]
    .filter((td) => [...td.querySelectorAll('.pp-title')].some((t) => t.textContent === title))
    .map((td) => td.getAttribute('data-date')), title);
}

/** Drags the first post with this title onto a day cell with the mouse, as a user does, and waits for the save. */
async function dragTo(title, date, nth = 0) {
  const from = page.locator('.fc-daygrid-day .fc-event', { hasText: title }).nth(nth);
  // A post hidden behind "+2 more" cannot be grabbed; the viewport is tall
  // enough that the sample month's days show all theirs.
  assert.ok(await from.isVisible(), `"${title}" is visible to drag`);
  const to = page.locator(`td.fc-daygrid-day[data-date="${date}"]`);
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 5, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

const saved = () => page.evaluate(() => new Promise((resolve, reject) => {
  setTimeout(() => reject(new Error('not saved within 10 s')), 10_000);
  document.getElementById('calendar').addEventListener('plan:saved', (e) => resolve(e.detail), { once: true });
}));

async function newPost() {
  await page.locator('#calendar').focus();
  await page.keyboard.press('n');
  await page.locator('#editor form').waitFor();
}

test('a new post with a validation error is fixed at the field and saved', async () => {
  await newPost();
  const editor = page.locator('#editor');
  await editor.getByLabel('Title').fill('');
  await editor.getByLabel('Date', { exact: true }).fill(day(10));
  await editor.getByLabel('Time', { exact: true }).fill('10:00');
  await editor.getByRole('checkbox', { name: 'X', exact: true }).check();
  await editor.getByLabel('Text', { exact: true }).fill('å'.repeat(290));
  // The counter shows X's 280-character limit is passed, before any save.
  await editor.locator('.count.over[data-channel="X"]').waitFor();
  assert.equal(await editor.locator('.count[data-channel="X"]').textContent(), '290 / 280');
  await editor.getByRole('button', { name: 'Save' }).click();
  await editor.locator('#error-title').getByText('Title is required.').waitFor();
  assert.equal(await editor.getByLabel('Title').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('.pp-title', { hasText: 'E2E launch post' }).count(), 0);

  await editor.getByLabel('Title').fill('E2E launch post');
  await editor.getByLabel('Link', { exact: true }).fill('not a link');
  await editor.getByRole('button', { name: 'Save' }).click();
  await editor.locator('#error-link').getByText('Link "not a link" is not a web address.').waitFor();
  await editor.getByLabel('Link', { exact: true }).fill('https://example.com/launch');
  await editor.getByLabel('Text', { exact: true }).fill('Kort og godt 🚀');
  await page.screenshot({ path: join(shots, 'editor.png') });
  await editor.getByRole('button', { name: 'Save' }).click();
  await page.locator('.pp-title', { hasText: 'E2E launch post' }).waitFor({ timeout: 10_000 });
  assert.deepEqual(await datesOf('E2E launch post'), [day(10)]);
  assert.equal(await editor.isHidden(), true);
});

test('dragging a post to another day keeps its time of day', async () => {
  const done = saved();
  await dragTo('E2E launch post', day(11));
  await done;
  assert.deepEqual(await datesOf('E2E launch post'), [day(11)]);
  await page.locator('.fc-event', { hasText: 'E2E launch post' }).click();
  const editor = page.locator('#editor');
  await editor.locator('form').waitFor();
  // The value code reads is ISO; what the field shows follows the language.
  assert.equal(await editor.getByLabel('Date', { exact: true }).evaluate((el) => el.value), day(11));
  assert.equal(await editor.getByLabel('Time', { exact: true }).inputValue(), '10:00');
  await page.keyboard.press('Escape');
  await editor.waitFor({ state: 'hidden' });
});

test('a weekly series is created with a preview, and one occurrence moves alone', async () => {
  await newPost();
  const editor = page.locator('#editor');
  await editor.getByLabel('Title').fill('E2E weekly');
  await editor.getByLabel('Date', { exact: true }).fill(day(5));
  await editor.getByLabel('Time', { exact: true }).fill('14:00');
  await editor.getByLabel('Repeats').selectOption('WEEKLY');
  await editor.getByRole('radio', { name: 'After' }).check();
  await editor.getByLabel('times').fill('4');
  await editor.locator('.rule-summary').getByText(/^Every week on \w+, 4 times$/).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.rule-preview li').length === 4, null, { timeout: 5_000 });
  await editor.getByRole('button', { name: 'Save' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('.pp-title')].filter((t) => t.textContent === 'E2E weekly').length === 4);
  assert.deepEqual(await datesOf('E2E weekly'), [day(5), day(12), day(19), day(26)]);

  const done = saved();
  await dragTo('E2E weekly', day(13), 1);
  await page.locator('#scope-dialog').getByRole('button', { name: 'This one' }).click();
  await done;
  assert.deepEqual(await datesOf('E2E weekly'), [day(5), day(13), day(19), day(26)]);
});

test('filtering by campaign shows only its posts, survives a reload, and clears in one click', async () => {
  const all = await page.locator('.fc-event').count();
  await page.locator('#filter-campaigns').selectOption({ label: 'Efterårslancering' });
  await page.locator('.filter-summary').getByText('Showing only: Campaign Efterårslancering').waitFor();
  await page.waitForFunction(() => ![...document.querySelectorAll('.pp-title')].some((t) => t.textContent === 'E2E weekly'));
  const filtered = await page.locator('.fc-event').count();
  assert.ok(filtered > 0 && filtered < all, `filtered ${filtered} of ${all}`);
  await page.reload();
  await page.locator('.filter-summary').waitFor({ timeout: 10_000 });
  await page.locator('.fc-event').first().waitFor();
  assert.equal(await page.locator('#filter-campaigns').inputValue(), 'launch');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.locator('.pp-title', { hasText: 'E2E weekly' }).first().waitFor();
  assert.equal(await page.locator('.filter-summary').count(), 0);
});

test('a delete is undone with Ctrl+Z and redone with Ctrl+Shift+Z', async () => {
  await page.locator('.fc-event', { hasText: 'E2E launch post' }).click();
  await page.locator('#editor').getByRole('button', { name: 'Delete' }).click();
  await page.locator('.pp-title', { hasText: 'E2E launch post' }).waitFor({ state: 'detached' });
  await page.locator('#calendar').focus();
  await page.keyboard.press('Control+z');
  await page.locator('.pp-title', { hasText: 'E2E launch post' }).waitFor();
  await page.locator('#status').getByText('Undone: delete.').waitFor();
  assert.deepEqual(await datesOf('E2E launch post'), [day(11)]);
  await page.keyboard.press('Control+Shift+z');
  await page.locator('.pp-title', { hasText: 'E2E launch post' }).waitFor({ state: 'detached' });
  await page.keyboard.press('Control+z');
  await page.locator('.pp-title', { hasText: 'E2E launch post' }).waitFor();
});

test('the keyboard moves between views and periods', async () => {
  await page.locator('#calendar').focus();
  await page.keyboard.press('w');
  await page.locator('.fc-timeGridWeek-view').waitFor();
  await page.screenshot({ path: join(shots, 'week.png') });
  const title = await page.locator('.fc-toolbar-title').textContent();
  await page.keyboard.press('j');
  await page.waitForFunction((t) => document.querySelector('.fc-toolbar-title')?.textContent !== t, title);
  await page.keyboard.press('t');
  await page.waitForFunction((t) => document.querySelector('.fc-toolbar-title')?.textContent === t, title);
  await page.keyboard.press('a');
  await page.locator('.fc-listWeek-view').waitFor();
  await page.keyboard.press('m');
  await page.locator('.fc-dayGridMonth-view').waitFor();
  await page.screenshot({ path: join(shots, 'month.png') });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'filter-text');
});

test('no serious or critical accessibility problem in the calendar, the editor or the settings', async () => {
  await page.locator('#calendar').focus();
  assert.deepEqual(await axeViolations(page), []);
  await page.locator('.fc-event', { hasText: 'E2E weekly' }).first().click();
  await page.locator('#editor form').waitFor();
  await page.locator('#editor .rule-summary').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await page.keyboard.press('Escape');
  await page.locator('.fc-settings-button').click();
  await page.locator('#settings-dialog').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await page.locator('#settings-dialog').getByRole('button', { name: 'Close' }).click();
});

test('Help > About Postplan shows the version, the data folder, the log and the licences', async () => {
  // The menu item as Go sends it, to this page only.
  await page.evaluate(() => window.wails.EventsNotify(JSON.stringify({ name: 'menu', data: ['about'] })));
  const dialog = page.locator('#about-dialog');
  await dialog.getByRole('heading', { name: 'About Postplan' }).waitFor();
  const version = await page.evaluate(() => window.go.app.Settings.Version());
  assert.ok(version, 'Go reports a version');
  assert.equal(await dialog.locator('.about-version').textContent(), `Version ${version}`);
  assert.equal(await dialog.locator('.about-data').textContent(), page.postplan.dataDir);
  assert.equal(await dialog.locator('.about-log').textContent(), join(page.postplan.dataDir, 'postplan.log'));
  await dialog.getByRole('button', { name: 'Show in file manager' }).waitFor();
  // The licences were collected from the modules and packages at build
  // time: the database, the window's toolkit and the calendar are there.
  const names = await dialog.locator('details.licence summary').allTextContents();
  assert.ok(names.length > 30, `${names.length} licences listed`);
  for (const want of [/^github\.com\/dgraph-io\/badger\/v4 v[\d.]+ · Apache-2\.0$/, /^github\.com\/wailsapp\/wails\/v2 /, /^@fullcalendar\/core 6\./, /^chart\.js /]) {
    assert.ok(names.some((n) => want.test(n)), `${want} among the licences`);
  }
  await dialog.locator('details.licence summary').first().click();
  const text = await dialog.locator('details.licence[open] pre').textContent();
  assert.ok(text.length > 200 && /licen[cs]e|permission/i.test(text), `a licence's text: ${text.slice(0, 80)}`);
  assert.deepEqual(await axeViolations(page), [], 'the About box passes axe');
  await page.screenshot({ path: join(shots, 'about.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });
});

test('switching to Danish translates the window and Go\'s field errors', async () => {
  await page.locator('.fc-settings-button').click();
  const dialog = page.locator('#settings-dialog');
  await dialog.getByLabel('Language').selectOption('da');
  await dialog.getByRole('heading', { name: 'Indstillinger' }).waitFor();
  await dialog.getByRole('button', { name: 'Luk' }).click();
  await page.locator('.fc-today-button', { hasText: 'I dag' }).waitFor();
  assert.equal(await page.locator('.fc-dayGridMonth-button').textContent(), 'Måned');
  assert.match(await page.locator('.fc-col-header-cell').first().textContent(), /^man/);
  await newPost();
  await page.locator('#editor').getByLabel('Titel').fill('');
  await page.locator('#editor').getByRole('button', { name: 'Gem' }).click();
  await page.locator('#error-title').getByText('Titel skal udfyldes.').waitFor();
  await page.keyboard.press('Escape');
  // The choice is kept.
  await page.reload();
  await page.locator('.fc-today-button', { hasText: 'I dag' }).waitFor({ timeout: 10_000 });
});
