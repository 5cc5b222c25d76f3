// Experiments and the team's routines as a marketer uses them, against
// `wails dev` (real Go, real Badger) with the sample month loaded: a
// six-week experiment with three results, its chart and figures, ended as
// adopted; a rota of three with one turn swapped, seen in the week.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { axeViolations, cleanup, openSamplePlan, testOutput } from './harness.mjs';

const shots = testOutput;
let page;

const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const daysFromToday = (n) => {
  const d = new Date();
  d.setDate(d.getDate() + n);
  return d;
};

before(async () => {
  page = await openSamplePlan('postplan-experiments-');
});

after(cleanup);

test('a six-week experiment gets three results, a chart and means, and is adopted', async () => {
  // The sample plan's experiments carry the flask mark on the calendar.
  assert.ok(await page.locator('.fc-event.kind-experiment', { hasText: '⚗' }).count() > 0, 'experiment posts are marked');
  await page.getByRole('button', { name: 'Experiments' }).click();
  const dialog = page.locator('#experiments-dialog');
  await dialog.getByRole('button', { name: 'New experiment' }).click();
  const form = dialog.locator('form.exp-form');
  await form.getByLabel('Name').fill('E2E carousel Tuesdays');
  await form.getByLabel('Metric').fill('engagement rate');
  await form.getByLabel('Baseline').fill('2,0');
  await form.getByLabel('Target').fill('3');
  // Three weeks ago, so three occurrences have gone out.
  await form.getByLabel('First date', { exact: true }).fill(iso(daysFromToday(-20)));
  await form.getByLabel('Time', { exact: true }).fill('09:00');
  await form.getByLabel('Times').fill('6');
  await form.getByLabel('Text (A)').fill('Swipe for five tips ➡️');
  // No hypothesis: refused at its field, nothing saved.
  await form.getByRole('button', { name: 'Create experiment' }).click();
  await form.locator('.field-error[data-for="hypothesis"]').getByText('Hypothesis is required.').waitFor();
  await form.getByLabel('Hypothesis').fill('Carousels get more engagement than single photos.');
  await form.getByRole('button', { name: 'Create experiment' }).click();

  const timeline = dialog.locator('table.exp-timeline');
  await timeline.waitFor();
  assert.equal(await timeline.locator('tbody tr').count(), 6);
  assert.match(await dialog.locator('.exp-remaining').textContent(), /^3 still to come/);
  const values = ['2,5', '3.5', '1'];
  for (const [i, v] of values.entries()) {
    const row = timeline.locator('tbody tr').nth(i);
    await row.locator('input[name=value]').fill(v);
    await row.getByRole('button', { name: /^Save/ }).click();
    await timeline.locator('tbody tr').nth(i).locator(`input[name=value][value="${v.replace(',', '.')}"]`).waitFor();
  }
  // A value that is not a number is refused at the row.
  const first = timeline.locator('tbody tr').first();
  await first.locator('input[name=value]').fill('lots');
  await first.getByRole('button', { name: /^Save/ }).click();
  await first.locator('.field-error').getByText('"lots" is not a number.').waitFor();

  const figures = dialog.locator('table.exp-figures tbody tr').first();
  assert.equal(await figures.locator('.mean').textContent(), '2.33');
  assert.equal(await figures.locator('.median').textContent(), '2.5');
  assert.equal(await dialog.locator('.exp-state').first().textContent(), 'running');
  // Chart.js drew the variant's line: below the legend (whose key is a
  // box in the same colour), pixels in #0f766e exist only where results
  // were plotted.
  const plotted = await dialog.locator('.exp-chart canvas').evaluate((c) => {
    const top = Math.round(c.height * 0.2);
    const { data } = c.getContext('2d').getImageData(0, top, c.width, c.height - top);
    let teal = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - 15) < 12 && Math.abs(data[i + 1] - 118) < 12 && Math.abs(data[i + 2] - 110) < 12 && data[i + 3] > 200) teal++;
    }
    return { width: c.width, teal };
  });
  assert.ok(plotted.width > 100, 'the chart has a size');
  assert.ok(plotted.teal > 200, `the results line is drawn (${plotted.teal} pixels in its colour)`);
  await page.screenshot({ path: join(shots, 'experiment.png') });
  assert.deepEqual(await axeViolations(page), []);

  await dialog.getByRole('button', { name: 'End with a decision…' }).click();
  const end = dialog.locator('form.exp-end-form');
  await end.getByRole('button', { name: 'End experiment' }).click();
  await end.locator('.field-error[data-for="learning"]').getByText(/Write down what the team learned/).waitFor();
  await end.getByLabel('Learning').fill('Carousels beat photos on Instagram; keep them weekly.');
  await end.getByRole('button', { name: 'End experiment' }).click();
  await dialog.locator('.exp-learning').waitFor();
  assert.equal(await dialog.locator('h3 .exp-state').textContent(), 'adopted');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The adopted format goes on as a regular weekly post after the sixth.
  await page.locator('#calendar').focus();
  await page.keyboard.press('a');
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('j');
    await page.waitForTimeout(150); // a key repeated within 80 ms counts once (menu accelerators)
  }
  await page.locator('.fc-list-event', { hasText: 'E2E carousel Tuesdays' }).first().waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('.fc-list-event', { hasText: 'E2E carousel Tuesdays' }).locator('.pp-experiment').count(), 0);
  await page.keyboard.press('t');
  await page.keyboard.press('m');
});

test('a rota of three takes turns, one turn is swapped, and the week shows who is on duty', async () => {
  await page.getByRole('button', { name: 'Routines' }).click();
  const dialog = page.locator('#routines-dialog');
  const form = dialog.locator('form.routine-form');
  await form.getByLabel('Name').fill('Comments duty');
  await form.getByLabel('Kind').selectOption('rota');
  // The Monday of this week.
  const monday = daysFromToday(-((new Date().getDay() + 6) % 7));
  await form.getByLabel('First date').fill(iso(monday));
  await form.getByLabel('All day').check();
  await form.getByLabel('Minutes').fill(String(7 * 24 * 60));
  await form.getByLabel('Repeat rule (RRULE)').fill('FREQ=WEEKLY;BYDAY=MO');
  // No members: refused at the members.
  await form.getByRole('button', { name: 'Create routine' }).click();
  await form.locator('.field-error[data-for="members"]').getByText(/at least one member/).waitFor();
  for (const name of ['Astrid Nielsen', 'Björn Lind', 'Chloe Evans']) await form.getByRole('checkbox', { name }).check();
  await form.getByRole('button', { name: 'Create routine' }).click();

  const rota = dialog.locator('section.routine[aria-label="Comments duty"]');
  await rota.waitFor();
  const members = () => rota.locator('td.member').allTextContents();
  assert.deepEqual((await members()).slice(0, 4), ['Astrid Nielsen', 'Björn Lind', 'Chloe Evans', 'Astrid Nielsen']);
  // Astrid's first week goes to Björn, and his to her.
  const firstRow = rota.locator('tbody tr').first();
  const secondOriginal = await rota.locator('tbody tr').nth(1).getAttribute('data-original');
  await firstRow.locator('select[name=with]').selectOption(secondOriginal);
  await firstRow.getByRole('button', { name: /^Swap/ }).click();
  await rota.locator('td.member', { hasText: '⇄' }).first().waitFor();
  assert.deepEqual((await members()).slice(0, 3), ['Björn Lind ⇄', 'Astrid Nielsen ⇄', 'Chloe Evans']);
  assert.deepEqual(await axeViolations(page), []);
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.locator('#calendar').focus();
  await page.keyboard.press('w');
  const duty = page.locator('.fc-event.kind-rota', { hasText: 'Comments duty: Björn Lind' });
  await duty.waitFor({ timeout: 10_000 }).catch(async (err) => {
    await page.screenshot({ path: join(shots, 'week-rota-failed.png') });
    throw err;
  });
  await page.screenshot({ path: join(shots, 'week-rota.png') });
  // A turn is not dragged about: it opens the routines view.
  await duty.click();
  await page.locator('#routines-dialog').waitFor();
  await page.locator('#routines-dialog').getByRole('button', { name: 'Close' }).click();
});

test("editing a rota's members keeps last month's turns", async () => {
  // A weekly rota that started eight Mondays ago.
  await page.locator('#calendar').focus();
  await page.keyboard.press('m');
  await page.getByRole('button', { name: 'Routines' }).click();
  const dialog = page.locator('#routines-dialog');
  let form = dialog.locator('form.routine-form');
  const monday = daysFromToday(-((new Date().getDay() + 6) % 7) - 56);
  await form.getByLabel('Name').fill('Weekend watch');
  await form.getByLabel('Kind').selectOption('rota');
  await form.getByLabel('First date').fill(iso(monday));
  await form.getByLabel('All day').check();
  await form.getByLabel('Minutes').fill(String(7 * 24 * 60));
  await form.getByLabel('Repeat rule (RRULE)').fill('FREQ=WEEKLY;BYDAY=MO');
  for (const name of ['Astrid Nielsen', 'Björn Lind', 'Chloe Evans']) await form.getByRole('checkbox', { name }).check();
  await form.getByRole('button', { name: 'Create routine' }).click();
  const rota = dialog.locator('section.routine[aria-label="Weekend watch"]');
  await rota.waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Last month's turns, as the calendar shows them, day by day.
  const lastMonth = async () => {
    await page.locator('#calendar').focus();
    await page.keyboard.press('t');
    await page.keyboard.press('k');
    await page.locator('.fc-event.kind-rota', { hasText: 'Weekend watch' }).first().waitFor();
    const turns = await page.locator('.fc-event.kind-rota', { hasText: 'Weekend watch' }).evaluateAll((els) =>
      els.map((el) => `${el.closest('td[data-date]')?.getAttribute('data-date')} ${el.textContent?.replace(/\s+/g, ' ').trim()}`));
    await page.keyboard.press('t');
    return turns.sort();
  };
  const before = await lastMonth();
  assert.ok(before.length >= 4, `last month's turns: ${before}`);

  // Björn first, then Astrid; Chloe leaves the rota.
  await page.getByRole('button', { name: 'Routines' }).click();
  await rota.getByRole('button', { name: /^Edit/ }).click();
  form = dialog.locator('form.routine-form');
  await form.getByRole('heading', { name: 'Edit Weekend watch' }).waitFor();
  await form.getByRole('checkbox', { name: 'Chloe Evans' }).uncheck();
  await form.getByRole('button', { name: 'Move Björn Lind up' }).click();
  await form.getByRole('button', { name: 'Save changes' }).click();
  await form.getByRole('heading', { name: 'New routine' }).waitFor();
  const members = await rota.locator('td.member').allTextContents();
  assert.deepEqual(members.slice(1, 4), ['Björn Lind', 'Astrid Nielsen', 'Björn Lind'], `next turns: ${members}`);
  assert.deepEqual(await axeViolations(page), []);
  await dialog.getByRole('button', { name: 'Close' }).click();

  assert.deepEqual(await lastMonth(), before, "last month's turns changed");
});
