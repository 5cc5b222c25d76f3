// Drives the app served by `wails dev` (real Go bindings, real Badger) from
// Chromium: the month grid renders and the status line shows the data folder
// that Go returned.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, freePort, launchChromium, repoRoot, startDev, startXvfb, tempDir } from './harness.mjs';

let page;
let dataDir;

before(async () => {
  const display = await startXvfb();
  dataDir = tempDir('postplan-e2e-');
  const { url } = await startDev(display, dataDir);
  const browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(url);
});

after(cleanup);

test('the month grid renders with Monday first, ISO weeks and today marked', async () => {
  await page.waitForSelector('.fc-daygrid-day', { timeout: 30_000 });
  const firstHeader = await page.locator('.fc-col-header-cell').first().getAttribute('class');
  assert.match(firstHeader ?? '', /fc-day-mon/);
  assert.equal(await page.locator('.fc-daygrid-day').count() % 7, 0);
  assert.equal(await page.locator('.fc-daygrid-day.fc-day-today').count(), 1);
  const weekNo = await page.locator('.fc-daygrid-week-number').first().textContent();
  assert.match(weekNo ?? '', /^W\d{1,2}$/);
});

test('the status line shows the data folder Go reports', async () => {
  const shown = page.locator('#status .data-dir');
  await shown.waitFor({ timeout: 30_000 });
  assert.equal(await shown.textContent(), dataDir);
});

test('an empty plan offers the sample month, which then fills the calendar', async () => {
  const button = page.getByRole('button', { name: 'Load sample plan' });
  await button.waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('.fc-event').count(), 0);
  await button.click();
  await page.locator('.fc-event').first().waitFor({ timeout: 10_000 });
  assert.ok(await page.locator('.fc-event').count() >= 10, 'the sample month shows at least 10 posts');
  assert.ok(await page.locator('.fc-event.recurring').count() >= 4, 'the weekly tip repeats');
  assert.equal(await page.locator('#empty').isHidden(), true);

  // The plan is in Badger, not in the page: a reload shows it again, with
  // no offer of a sample plan.
  await page.reload();
  await page.locator('.fc-event').first().waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('#empty').isHidden(), true);
});

test('the feeds view shares a feed a calendar can fetch, and revoking it stops it', async () => {
  const port = await freePort();
  await page.locator('.fc-feeds-button').click();
  const dialog = page.locator('#feeds-dialog');
  await dialog.waitFor();
  await dialog.getByLabel('This computer only').check();
  await dialog.locator('#feed-port').fill(String(port));
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await dialog.getByText(`Sharing with this computer at http://127.0.0.1:${port}`).waitFor({ timeout: 10_000 });

  await dialog.locator('#feed-name').fill('Team');
  await dialog.getByRole('button', { name: 'Create feed' }).click();
  const address = dialog.getByLabel('Address of Team');
  await address.waitFor({ timeout: 10_000 });
  const url = await address.inputValue();
  assert.match(url, new RegExp(`^http://127\\.0\\.0\\.1:${port}/feeds/[A-Z2-7]{32}\\.ics$`));
  const qr = await dialog.getByAltText('QR code for Team').getAttribute('src');
  mkdirSync(join(repoRoot, 'build', 'test-output'), { recursive: true });
  await page.screenshot({ path: join(repoRoot, 'build', 'test-output', 'feeds.png') });
  assert.match(qr ?? '', /^data:image\/png;base64,/);

  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
  assert.match(await res.text(), /SUMMARY:\[IG LI\] Ugens tip/);

  // A second feed with the same name is refused at the field.
  await dialog.locator('#feed-name').fill('Team');
  await dialog.getByRole('button', { name: 'Create feed' }).click();
  await dialog.getByText('There is already a feed called "Team".').waitFor({ timeout: 10_000 });

  // A feed limited to one campaign holds that campaign's posts only, and a
  // new address retires the old one at once.
  await dialog.locator('#feed-name').fill('Launch');
  // The feed form's filters are checkable lists: ticking one campaign.
  await dialog.getByRole('group', { name: 'Only campaigns' }).getByLabel('Efterårslancering').check();
  await dialog.getByRole('button', { name: 'Create feed' }).click();
  const launch = dialog.getByLabel('Address of Launch');
  await launch.waitFor({ timeout: 10_000 });
  const launchRow = dialog.locator('section[data-feed="Launch"]');
  await launchRow.getByText('Campaigns: Efterårslancering').waitFor();
  // Each feed says what it holds: its events and the next three.
  const holds = launchRow.locator('.feed-holds');
  await holds.waitFor();
  assert.match(await holds.textContent() ?? '', /^\d+ events? · Next:/);
  assert.equal(await dialog.getByRole('group', { name: 'Only campaigns' }).getByRole('checkbox', { checked: true }).count(), 0,
    'the form is cleared after a feed is created');
  const launchURL = await launch.inputValue();
  const launchICS = await (await fetch(launchURL)).text();
  assert.match(launchICS, /Lancering! Efterårskollektionen/);
  assert.doesNotMatch(launchICS, /Kundecase/);
  page.once('dialog', (d) => void d.accept());
  await dialog.locator('section[data-feed="Launch"]').getByRole('button', { name: 'New address' }).click();
  await page.waitForFunction((old) => {
    const input = document.querySelector('[aria-label="Address of Launch"]');
    return input instanceof HTMLInputElement && input.value !== old;
  }, launchURL, { timeout: 10_000 });
  assert.equal((await fetch(launchURL)).status, 404);
  assert.equal((await fetch(await launch.inputValue())).status, 200);

  page.once('dialog', (d) => void d.accept());
  await dialog.locator('section[data-feed="Team"]').getByRole('button', { name: 'Revoke' }).click();
  await dialog.getByText('Revoked: its address no longer works.').waitFor({ timeout: 10_000 });
  assert.equal((await fetch(url)).status, 404);
  await dialog.getByRole('button', { name: 'Close' }).click();
});
