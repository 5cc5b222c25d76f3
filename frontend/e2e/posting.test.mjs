// The posting moment, against `wails dev` (real Go, real Badger) with the
// sample month and, imported with the command line before the window opens,
// a post due about a minute later and an experiment that has fallen behind:
// the reminder, the Due now panel (copy, mark published with a link, the
// experiment's result), editing an experiment, and dates in each language.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { axeViolations, cleanup, openSamplePlan, postplanBin, testOutput } from './harness.mjs';

let page;
const dueIn = 90_000; // ms after the plan is prepared: time enough for wails dev to start
let dueAt;
const instagram = 'Kort tekst til Instagram 📸 #lancering';
const linkedIn = 'Et opslag i LinkedIns fulde længde. '.repeat(84).slice(0, 3000);
const reminderID = '01E2EREMINDERPOST000000000';

/** A wall clock in UTC as the plan's JSON writes it, to the second. */
const wall = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A plan file as another Postplan would export it: a post due soon and an experiment behind. */
function preparePlan(dataDir) {
  dueAt = new Date(Math.ceil((Date.now() + dueIn) / 1000) * 1000);
  const media = join(dataDir, 'launch photo.png');
  writeFileSync(media, 'not really a png');
  const fiveDaysAgo = new Date();
  fiveDaysAgo.setUTCDate(fiveDaysAgo.getUTCDate() - 5);
  fiveDaysAgo.setUTCHours(8, 0, 0, 0);
  const stamp = new Date().toISOString();
  const post = (p) => ({
    body: '', channels: [], variants: null, duration: 0, allDay: false, assignee: '', tags: null, notes: '', link: '', media: null,
    created: stamp, updated: stamp, sequence: 0, ...p,
  });
  const plan = {
    format: 'postplan-plan', version: 1, campaigns: [], members: [], channels: [], feeds: [], routines: [],
    posts: [
      post({ id: reminderID, title: 'Reminder test', body: linkedIn, channels: ['LinkedIn', 'Instagram'], variants: { Instagram: instagram },
        start: wall(dueAt), timeZone: 'UTC', status: 'scheduled', media: [media] }),
      post({ id: '01E2EREELS0000000000000000', title: 'Reel Fridays', body: 'A 15-second reel', channels: ['Instagram'],
        start: wall(fiveDaysAgo), timeZone: 'UTC', status: 'scheduled', recurrence: { rule: 'FREQ=DAILY;COUNT=10' },
        experiment: '01E2EEXPREELS0000000000000' }),
    ],
    experiments: [{ id: '01E2EEXPREELS0000000000000', name: 'Reels every day', hypothesis: 'Daily reels reach more people.',
      metric: 'reach', baseline: 800, target: 1200, state: 'running', arms: [{ name: '', post: '01E2EREELS0000000000000000' }],
      learning: '', results: [], created: stamp, updated: stamp }],
  };
  const file = join(dataDir, 'plan.json');
  writeFileSync(file, JSON.stringify(plan));
  execFileSync(postplanBin, ['import', '--data', dataDir, file]);
}

before(async () => {
  page = await openSamplePlan('postplan-posting-', preparePlan);
});

after(cleanup);

/** What a date or time field shows, not the ISO value code reads from it. */
const shown = (locator) => locator.evaluate((el) => Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').get.call(el));
/**
 * The ISO value the window's code reads. Read in the page's own world:
 * Playwright's inputValue runs in a world of its own, which sees only what
 * the field shows.
 */
const iso = (locator) => locator.evaluate((el) => el.value);

test('a post due in a minute raises a reminder, and then shows as overdue', async () => {
  assert.ok(dueAt.getTime() > Date.now(), `the window took too long to open: the post was due at ${dueAt.toISOString()}`);
  const reminder = page.locator('#reminders .reminder', { hasText: 'Due now: Reminder test' });
  await reminder.waitFor({ timeout: dueAt.getTime() - Date.now() + 30_000 });
  const late = Date.now() - dueAt.getTime();
  console.log(`# reminder shown ${late} ms after the post's time`);
  assert.ok(late < 5_000, `the reminder came ${late} ms late`);
  assert.match(await reminder.textContent(), /LinkedIn, Instagram/);
  await page.screenshot({ path: join(testOutput, 'reminder.png') });
  assert.deepEqual(await axeViolations(page), [], 'the reminder passes axe');
  // The calendar marks it overdue once its time has passed.
  await page.locator('.fc-event.overdue', { hasText: 'Reminder test' }).waitFor({ timeout: 10_000 });
  await reminder.getByRole('button', { name: 'Open' }).click();
  const editor = page.locator('#editor');
  await editor.waitFor();
  assert.equal(await editor.getByLabel('Title').inputValue(), 'Reminder test');
  await page.keyboard.press('Escape');
});

test('Due now copies the Instagram text and marks the post published with its link', async () => {
  await page.locator('#calendar').focus();
  await page.keyboard.press('d');
  const dialog = page.locator('#due-dialog');
  await dialog.waitFor();
  const item = dialog.locator(`article[data-post="${reminderID}"]`);
  await item.getByText('Overdue').waitFor();
  await item.getByRole('button', { name: 'Copy Instagram text' }).click();
  await page.locator('#status').getByText('Copied the Instagram text.').waitFor();
  assert.equal(await page.evaluate(() => window.runtime.ClipboardGetText()), instagram);
  assert.match(await item.locator('li', { hasText: 'LinkedIn' }).textContent(), /3000 of 3000 characters/);
  await item.getByRole('button', { name: 'Copy LinkedIn text' }).click();
  await page.waitForFunction((len) => window.runtime.ClipboardGetText().then((s) => s.length === len), linkedIn.length);
  assert.ok(await item.getByRole('button', { name: 'Show in folder' }).isVisible());
  await page.screenshot({ path: join(testOutput, 'due-now.png') });
  assert.deepEqual(await axeViolations(page), []);

  await item.getByRole('button', { name: 'Mark published' }).click();
  const link = item.getByLabel('Link to the live post (optional)');
  await link.fill('instagram post');
  await item.getByRole('button', { name: 'Save' }).click();
  await item.getByText('Live link "instagram post" is not a web address.').waitFor();
  await link.fill('https://www.instagram.com/p/C9xYz/');
  await item.getByRole('button', { name: 'Save' }).click();
  await item.getByText('✓ Published').waitFor();
  assert.equal(await item.getByRole('link').getAttribute('href'), 'https://www.instagram.com/p/C9xYz/');
  await page.screenshot({ path: join(testOutput, 'due-now-published.png') });

  // The editor shows the live link; the calendar no longer marks it.
  await item.getByRole('button', { name: 'Open in editor' }).click();
  const editor = page.locator('#editor');
  await editor.getByLabel('Link to the live post').waitFor();
  assert.equal(await editor.getByLabel('Link to the live post').inputValue(), 'https://www.instagram.com/p/C9xYz/');
  assert.equal(await editor.getByLabel('Status').inputValue(), 'published');
  await page.keyboard.press('Escape');
  await page.locator('.fc-event.status-published', { hasText: 'Reminder test' }).waitFor();
  assert.equal(await page.locator('.fc-event.overdue', { hasText: 'Reminder test' }).count(), 0);
});

test("an experiment's post marked published asks for its result", async () => {
  await page.locator('#calendar').focus();
  await page.keyboard.press('d');
  const dialog = page.locator('#due-dialog');
  const item = dialog.locator('article[data-post="01E2EREELS0000000000000000"]').first();
  await item.getByText('Overdue').waitFor();
  await item.getByRole('button', { name: 'Mark published' }).click();
  await item.getByRole('button', { name: 'Save' }).click();
  const result = item.getByLabel('Result (reach)');
  await result.waitFor();
  await result.fill('1234');
  await item.getByRole('button', { name: 'Save result' }).click();
  await item.getByText('Result saved.').waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Experiments' }).click();
  const exps = page.locator('#experiments-dialog');
  await exps.locator('.exp-item', { hasText: 'Reels every day' }).click();
  await exps.locator('table.exp-timeline input[name=value][value="1234"]').waitFor();
  await exps.getByRole('button', { name: 'Close' }).click();
});

test("editing an experiment's hypothesis and a variant's text shows on the calendar and in the chart", async () => {
  await page.getByRole('button', { name: 'Experiments' }).click();
  const dialog = page.locator('#experiments-dialog');
  await dialog.locator('.exp-item', { hasText: 'Spørgsmål mod udsagn' }).click();
  await dialog.getByRole('button', { name: 'Edit' }).click();
  const form = dialog.locator('form.exp-form');
  await form.getByLabel('Hypothesis').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the experiment edit form passes axe');
  const hypothesis = 'Et spørgsmål giver dobbelt så meget engagement som et udsagn.';
  const textB = 'Vores bedste råd: planlæg ugen om fredagen.';
  await form.getByLabel('Hypothesis').fill(hypothesis);
  await form.getByLabel('Text of variant B').fill(textB);
  await form.getByLabel('Target').fill('4');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await dialog.locator('.exp-hypothesis', { hasText: hypothesis }).waitFor();
  assert.match(await dialog.locator('canvas').getAttribute('aria-label'), /target 4$/);
  assert.match(await dialog.locator('.exp-meta').textContent(), /4/);
  await page.screenshot({ path: join(testOutput, 'experiment-edited.png') });
  assert.deepEqual(await axeViolations(page), []);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Variant B's occurrences now say the new text: a search finds them on
  // the calendar, and one opens with it.
  await page.locator('#filter-text').fill('planlæg ugen om fredagen');
  await page.locator('.filter-summary').waitFor();
  // The sample's other posts leave the calendar once the search applies.
  await page.locator('.fc-event', { hasText: 'Ugens tip' }).first().waitFor({ state: 'detached', timeout: 10_000 });
  const event = page.locator('.fc-event', { hasText: 'LinkedIn-opslag' }).first();
  await event.waitFor({ timeout: 10_000 });
  await event.click();
  const editor = page.locator('#editor');
  await editor.getByLabel('Text', { exact: true }).waitFor();
  assert.equal(await editor.getByLabel('Text', { exact: true }).inputValue(), textB);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.locator('.filter-summary').waitFor({ state: 'detached' });
});

test('dates in the editor and its picker follow the window language', async () => {
  const today = new Date();
  const [y, m, d] = [today.getFullYear(), String(today.getMonth() + 1).padStart(2, '0'), String(today.getDate()).padStart(2, '0')];
  const expect = { en: `${d}/${m}/${y}`, da: `${d}.${m}.${y}`, sv: `${y}-${m}-${d}` };
  let current = 'en';
  const setLanguage = async (lang) => {
    await page.getByRole('button', { name: { en: 'Settings', da: 'Indstillinger', sv: 'Inställningar' }[current] }).click();
    current = lang;
    const settings = page.locator('#settings-dialog');
    await settings.locator('select[name=language]').selectOption(lang);
    await settings.locator('button.close').click();
  };
  for (const lang of ['da', 'sv', 'en']) {
    await setLanguage(lang);
    await page.locator('#calendar').focus();
    await page.keyboard.press('n');
    const date = page.locator('#editor #field-date');
    await date.waitFor();
    // A new post is planned for the next hour: today, unless it is 23:00.
    if (today.getHours() < 23) assert.equal(await shown(date), expect[lang], `${lang} date`);
    assert.match(await iso(date), /^\d{4}-\d{2}-\d{2}$/, 'ISO underneath');
    assert.match(await shown(page.locator('#editor #field-time')), /^\d{2}:\d{2}$/, `${lang} time on a 24-hour clock`);
    // The picker: month names and weekdays in the language, ISO weeks, Monday first.
    await page.locator('#editor .date-pick').first().click();
    const picker = page.locator('.date-picker');
    await picker.waitFor();
    const monthName = today.toLocaleDateString({ en: 'en-GB', da: 'da', sv: 'sv' }[lang], { month: 'long' });
    assert.match(await picker.locator('.date-picker-head strong').textContent(), new RegExp(monthName));
    assert.equal(await picker.locator('thead th').nth(1).getAttribute('abbr'),
      new Date(2026, 10, 23).toLocaleDateString({ en: 'en-GB', da: 'da', sv: 'sv' }[lang], { weekday: 'long' }));
    if (lang === 'da') {
      await page.screenshot({ path: join(testOutput, 'date-picker-da.png') });
      assert.deepEqual(await axeViolations(page), []);
    }
    // Picking the 15th writes it in the language's way.
    await picker.locator(`button[data-date="${y}-${m}-15"]`).click();
    assert.equal(await shown(date), { en: `15/${m}/${y}`, da: `15.${m}.${y}`, sv: `${y}-${m}-15` }[lang]);
    assert.equal(await iso(date), `${y}-${m}-15`);
    // A date typed the language's way is read the same way.
    await date.fill({ en: '03/02/2027', da: '3.2.2027', sv: '2027-02-03' }[lang]);
    assert.equal(await iso(date), '2027-02-03');
    await page.keyboard.press('Escape');
    await page.locator('#editor').waitFor({ state: 'hidden' });
  }
});
