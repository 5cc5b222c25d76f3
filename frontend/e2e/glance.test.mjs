// The week at a glance as a manager uses it, against `wails dev` (real Go,
// real Badger) with the sample month: the figures agree with the grid they
// sum up, everything opens what is behind it, the summary reaches the
// clipboard, and the feed server's /week/<token> page, opened in the same
// browser, shows the same figures without running any script.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { axeViolations, cleanup, freePort, openSamplePlan, postplanBin, testOutput } from './harness.mjs';

let page;
const glance = () => page.locator('#glance');

/** Presses a key outside any field and waits for the week view to draw. */
async function pressAndRender(key) {
  await page.evaluate((key) => new Promise((resolve, reject) => {
    const el = document.getElementById('glance');
    setTimeout(() => reject(new Error(`the week view did not draw after ${key}`)), 10_000);
    el.addEventListener('glance:rendered', () => resolve(), { once: true });
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  }), key);
}

/** The figures the view shows, read from the page. */
async function figuresOf(root) {
  return root.evaluate((el) => {
    const text = (sel) => el.querySelector(sel)?.textContent?.trim() ?? '';
    return {
      headline: text('.glance-headline, .headline'),
      channels: [...el.querySelectorAll('.glance-grid tbody tr, table.grid tbody tr')].map((tr) => ({
        name: tr.querySelector('.glance-name')?.textContent ?? tr.querySelector('th')?.firstChild?.textContent?.trim(),
        figure: tr.querySelector('.glance-figure, .figure')?.textContent,
        level: tr.className.replace('level-', ''),
        posts: tr.querySelectorAll('td .glance-post, td .post').length,
      })),
    };
  });
}

before(async () => {
  page = await openSamplePlan('postplan-glance-', (dir) => {
    execFileSync(postplanBin, ['feeds', 'add', '--data', dir, '--name', 'Everything']);
  });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
});

after(cleanup);

test('the week at a glance sums up its own grid and opens what is behind it', async () => {
  await page.locator('#calendar').focus();
  await pressAndRender('g');
  assert.ok(await page.locator('#calendar').isHidden(), 'the calendar makes way');
  const week = await glance().locator('#glance-title').textContent();
  const isoWeek = (d) => {
    const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
    t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7));
    return Math.ceil(((t - Date.UTC(t.getUTCFullYear(), 0, 1)) / 864e5 + 1) / 7);
  };
  assert.match(week, new RegExp(`^Week ${isoWeek(new Date())} `), 'this week is shown first');

  const f = await figuresOf(glance());
  assert.ok(f.channels.length >= 4, `the sample's four channels with targets have rows: ${JSON.stringify(f.channels)}`);
  for (const c of f.channels) {
    const [planned, target] = c.figure.split('/').map(Number);
    assert.equal(planned, c.posts, `${c.name}: the figure ${c.figure} counts the posts in its row`);
    if (target !== undefined) {
      const level = planned === 0 ? 'zero' : planned < target ? 'below' : 'met';
      assert.equal(c.level, level, `${c.name} ${c.figure} is ${level}`);
    }
  }
  // The status counts add up to the headline's total (cancelled ones aside).
  const total = Number((await glance().locator('.glance-total').textContent()).match(/^\d+/)[0]);
  const counts = await glance().locator('.glance-statuses tr').evaluateAll((rows) =>
    rows.map((r) => [r.dataset.status, Number(r.querySelector('.n').textContent)]));
  const notCancelled = counts.filter(([s]) => s !== 'cancelled').reduce((a, [, n]) => a + n, 0);
  assert.equal(notCancelled, total, `statuses ${JSON.stringify(counts)} against the total ${total}`);
  const emptyDays = await glance().locator('th.empty-day').count();
  const emptyColumns = await glance().evaluate((el) => [...Array(7).keys()].filter((d) =>
    [...el.querySelectorAll('.glance-grid tbody tr')].every((tr) => tr.querySelectorAll('td')[d].children.length === 0)).length);
  assert.equal(emptyDays, emptyColumns, 'the days marked as empty are the columns without posts');
  // The sample's rota has someone on duty every week.
  assert.match(await glance().locator('.glance-duties').textContent(), /Overvågning: (Astrid Nielsen|Björn Lind|Chloe Evans)/);

  await page.screenshot({ path: join(testOutput, 'glance.png') });
  const problems = await axeViolations(page);
  assert.deepEqual(problems, [], `accessibility: ${JSON.stringify(problems, null, 1)}`);

  // A post opens in the editor beside the view.
  const post = glance().locator('.glance-grid .glance-post').first();
  const title = await post.locator('.glance-title').textContent();
  await post.click();
  await page.locator('#editor:not([hidden]) input[name=title]').waitFor();
  assert.equal(await page.locator('#editor input[name=title]').inputValue(), title.replace(/^⚗ /, ''));
  await page.keyboard.press('Escape');
  await page.locator('#editor').waitFor({ state: 'hidden' });

  // A channel opens the calendar's week, filtered to that channel.
  const channel = f.channels.find((c) => c.name && c.name !== 'No channel').name;
  await glance().locator(`button.glance-channel[data-channel="${channel}"]`).click();
  await page.locator('#calendar .fc-timeGridWeek-view').waitFor();
  assert.ok(await glance().isHidden(), 'the week view makes way for the calendar');
  assert.match(await page.locator('#filters .filter-summary').textContent(), new RegExp(channel));
  await page.locator('#filters').getByRole('button', { name: 'Clear filters' }).click();
  await page.locator('#filters .filter-summary').waitFor({ state: 'detached' });

  // Back, then the next week and this week again.
  await page.locator('#calendar').focus();
  await pressAndRender('g');
  await glance().getByRole('button', { name: 'Next week →', exact: true }).click();
  await glance().getByRole('button', { name: 'This week', exact: true }).waitFor();
  assert.match(await glance().locator('#glance-title').textContent(), new RegExp(`^Week ${isoWeek(new Date(Date.now() + 7 * 864e5))} `));
  await pressAndRender('t');
  assert.equal(await glance().locator('#glance-title').textContent(), week);
});

test('the week summary goes to the clipboard as text and as Markdown', async () => {
  await glance().getByRole('button', { name: 'Copy as Markdown' }).click();
  await page.locator('#status').getByText("The week's summary is on the clipboard.").waitFor();
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(markdown, /^## Week \d+, /);
  assert.match(markdown, /### Channels\n\n- /);
  assert.equal(markdown, await glance().locator('.glance-summary').textContent());
  await glance().getByRole('button', { name: 'Copy summary' }).click();
  await page.waitForFunction(async () => !(await navigator.clipboard.readText()).startsWith('## '));
  const text = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(text, /^Week \d+, .*\n=+\n/);
  const total = (await glance().locator('.glance-total').textContent()).match(/^\d+/)[0];
  assert.match(text, new RegExp(`^${total} posts planned`, 'm'), 'the summary has the view\'s total');
});

test('the feed server shows the same week at /week/<token> without script', async () => {
  // Sharing on this computer, on a free port.
  await page.getByRole('button', { name: 'Back to calendar' }).click();
  await page.getByRole('button', { name: 'Feeds' }).click();
  const dialog = page.locator('#feeds-dialog');
  await dialog.getByLabel('This computer only').check();
  const port = await freePort();
  await dialog.locator('#feed-port').fill(String(port));
  await dialog.getByRole('button', { name: 'Apply' }).click();
  const address = dialog.locator('section.feed[data-feed="Everything"] input.feed-url');
  // The address of the port just chosen: the view shows one only once its
  // server listens, and until the new render it may show the one before.
  await page.waitForFunction((p) => document.querySelector('section.feed[data-feed="Everything"] input.feed-url')?.value
    .startsWith(`http://127.0.0.1:${p}/feeds/`), port);
  const weekUrl = (await address.inputValue()).replace('/feeds/', '/week/').replace(/\.ics$/, '');
  await dialog.locator('button.close').click();

  await page.locator('#calendar').focus();
  await pressAndRender('g');
  const inWindow = await figuresOf(glance());
  const headline = await glance().locator('.glance-total').textContent();

  const browser = page.context().browser();
  const webContext = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1300, height: 1000 }, locale: 'en-GB' });
  const web = await webContext.newPage();
  const res = await web.goto(weekUrl);
  assert.equal(res.status(), 200);
  assert.equal(await web.locator('script').count(), 0, 'the page has no script');
  assert.ok((await web.locator('.headline').textContent()).startsWith(headline), 'the page has the window\'s total');
  const onWeb = await figuresOf(web.locator('body'));
  assert.deepEqual(onWeb.channels.map((c) => [c.name, c.figure, c.level, c.posts]),
    inWindow.channels.map((c) => [c.name, c.figure, c.level, c.posts]), 'the same channels, figures and posts');
  await web.screenshot({ path: join(testOutput, 'week-page.png'), fullPage: true });
  // The next week's link is a plain link.
  await web.getByRole('link', { name: /Next week/ }).click();
  assert.match(web.url(), /\?week=\d{4}-W\d{2}$/);
  await webContext.close();
});
