// Publishing from the feeds view, against `wails dev` (real Go, real
// Badger) and a real WebDAV server (rclone serve webdav on a free port): a
// wrong password is said in words at once, the right one publishes, the
// feed's server address answers with the calendar, an edit in the window
// reaches the server by itself, and the view passes axe.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { axeViolations, cleanup, freePort, openSamplePlan, postplanBin, start, tempDir, testOutput, waitFor } from './harness.mjs';

let page;
let dav; // { url, root, auth }

/** Starts rclone's WebDAV server on a free port and waits until it answers. */
async function startWebDAV() {
  const root = tempDir('postplan-dav-');
  const port = await freePort();
  const user = 'anna', pass = 'Ærlig talt-42';
  const srv = start('rclone', ['serve', 'webdav', root, '--addr', `127.0.0.1:${port}`, '--user', user, '--pass', pass,
    '--config', '/dev/null', '--log-level', 'ERROR']);
  const url = `http://127.0.0.1:${port}/`;
  const auth = 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
  await waitFor('rclone to serve WebDAV', async () => {
    if (srv.exitCode !== null) throw new Error(`rclone exited:\n${srv.output}`);
    try {
      return (await fetch(url, { method: 'PROPFIND', headers: { Authorization: auth, Depth: '0' } })).status === 207;
    } catch {
      return false;
    }
  }, 20_000, 50);
  return { url, root, user, pass, auth };
}

before(async () => {
  dav = await startWebDAV();
  page = await openSamplePlan('postplan-publish-', (dir) => {
    execFileSync(postplanBin, ['feeds', 'add', '--data', dir, '--name', 'Launch', '--campaign', 'launch']);
  });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
});

after(cleanup);

test('the feeds view publishes to a WebDAV folder, says what went wrong, and keeps it up to date', async () => {
  await page.locator('.fc-feeds-button').click();
  const dialog = page.locator('#feeds-dialog');
  const form = dialog.locator('form.publish');
  await form.waitFor();
  const state = form.locator('.publish-status');
  await state.getByText('Not published: enter the server’s folder to publish.').waitFor({ timeout: 10_000 });

  // Plain http to another machine is refused at its field.
  await form.getByLabel('Folder address (WebDAV)').fill('http://cloud.example.com/dav/');
  await form.getByLabel('User name').fill(dav.user);
  await form.getByLabel('Password or app password').fill('wrong');
  await form.getByLabel('Keep the password').selectOption('file');
  await form.getByRole('button', { name: 'Save and publish' }).click();
  await form.locator('#pub-url-error').getByText('The address must start with https://').waitFor({ timeout: 10_000 });

  // A wrong password: the server's refusal in words, and nothing published.
  await form.getByLabel('Folder address (WebDAV)').fill(dav.url);
  await form.getByRole('button', { name: 'Save and publish' }).click();
  await state.getByText(/^Not published: The server 127\.0\.0\.1:\d+ refused the user name or password\./).waitFor({ timeout: 15_000 });
  assert.equal(await state.getAttribute('data-state'), 'failed');
  assert.deepEqual(readdirSync(dav.root), []);

  // The right one, then the feed ticked for publishing.
  await form.getByLabel('Password or app password').fill(dav.pass);
  await form.getByRole('button', { name: 'Save and publish' }).click();
  await state.getByText(/^Published /).waitFor({ timeout: 15_000 });
  const launch = dialog.locator('section[data-feed="Launch"]');
  await launch.getByLabel('Publish to the server').check();
  const address = launch.getByLabel('Server address of Launch');
  await address.waitFor({ timeout: 15_000 });
  const url = await address.inputValue();
  assert.ok(url.startsWith(dav.url) && url.endsWith('.ics'), url);
  await waitFor('the feed on the server', () => readdirSync(dav.root).includes(url.slice(dav.url.length)), 15_000, 100);
  const res = await fetch(url, { headers: { Authorization: dav.auth } });
  assert.equal(res.status, 200);
  const body = await res.text();
  assert.match(body, /Lancering! Efterårskollektionen/);
  assert.doesNotMatch(body, /Kundecase/, 'the feed holds its campaign only');
  assert.equal(await launch.getByAltText('QR code for Launch on the server').count(), 1);
  await state.getByText(/^Published /).waitFor({ timeout: 15_000 });
  assert.deepEqual(await axeViolations(page), [], 'the feeds view with publishing passes axe');
  await page.screenshot({ path: join(testOutput, 'publish.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();

  // An edit in the window reaches the server by itself.
  const file = join(dav.root, url.slice(dav.url.length));
  const event = page.locator('.fc-event', { hasText: 'Lancering! Efterårskollektionen' }).first();
  await event.click();
  const editor = page.locator('#editor');
  await editor.getByLabel('Title').fill('Lancering flyttet: ny dato følger');
  const saved = Date.now();
  await editor.getByRole('button', { name: 'Save' }).click();
  await waitFor('the edit on the server', () => readFileSync(file, 'utf8').includes('Lancering flyttet: ny dato følger'), 20_000, 100);
  const took = Date.now() - saved;
  console.log(`# an edit reached the WebDAV server after ${took} ms`);
  assert.ok(took < 10_000, `the edit took ${took} ms to be published`);
  assert.ok(!readdirSync(dav.root).some((f) => f.startsWith('postplan-upload-')), 'no upload is left half done');
});
