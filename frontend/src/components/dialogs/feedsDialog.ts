import {
  copyText,
  createFeed,
  feedHolds,
  filterSummary,
  loadFeeds,
  rotateFeed,
  qrDataURL,
  revokeFeed,
  setSharing,
  sharingStatus,
  type FeedView,
  type FilterChoices,
  type SharingMode,
} from '../../stores/feeds';
import { locale, t, type MessageKey } from '../../langs';
import { loadPublishing, onPublishStatus, setFeedPublished, type PublishView, type TargetView } from '../../stores/publishing';
import { publishSection } from './publishSection';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

function messageOf(err: unknown): string {
  return err && typeof err === 'object' && 'message' in err ? String(err.message) : String(err);
}

/**
 * A checkable list for one of a feed's filters (none ticked means all):
 * a list box where Ctrl picks several is easy to get wrong.
 */
function checks(name: string, legend: string): { el: HTMLFieldSetElement; fill: (choices: FilterChoices['campaigns']) => void; picked: () => string[] } {
  const set = el('fieldset', { className: 'checks' });
  set.dataset['filter'] = name;
  const head = el('legend', {}, legend);
  const fill = (choices: FilterChoices['campaigns']): void => {
    const picked = new Set([...set.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value));
    set.replaceChildren(head, ...choices.map((c) => {
      const box = el('input', { type: 'checkbox', name, value: c.value, checked: picked.has(c.value) });
      return el('label', {}, box, ' ' + c.label);
    }));
  };
  const picked = (): string[] => [...set.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
  return { el: set, fill, picked };
}

/** What a feed gives: its number of events and the next three. */
async function holdsBlock(name: string): Promise<HTMLElement> {
  const h = await feedHolds(name);
  const when = (start: string, allDay: boolean): string => allDay
    ? new Date(start + 'T00:00:00').toLocaleDateString(locale(), { weekday: 'short', day: 'numeric', month: 'short' })
    : new Date(start).toLocaleString(locale(), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const count = t('feed.holds', { n: h.events });
  const block = el('div', { className: 'feed-holds' }, el('span', {}, count + ' · ' + t('feed.next') + ':'));
  block.append(h.next.length
    ? el('ol', {}, ...h.next.map((n) => el('li', {}, `${when(n.start, n.allDay)} ${n.title}`)))
    : el('span', {}, ' ' + t('feed.nothingAhead')));
  return block;
}

/**
 * The feeds view: whether and how the feed server shares, each feed with
 * its addresses, copy buttons and a QR code, and a form for a new feed.
 */
export function openFeedsDialog(): HTMLDialogElement {
  document.getElementById('feeds-dialog')?.remove();
  const dialog = el('dialog', { id: 'feeds-dialog' });
  dialog.setAttribute('aria-labelledby', 'feeds-title');
  const status = el('p', { className: 'sharing-status' });
  status.setAttribute('role', 'status');
  const list = el('div', { className: 'feed-list' });
  const portInput = el('input', { type: 'number', min: '1024', max: '65535', name: 'port', id: 'feed-port' });
  const portError = el('span', { className: 'field-error' });
  portError.setAttribute('role', 'alert');
  const modes: [SharingMode, string][] = [['off', 'Off'], ['local', 'This computer only'], ['network', 'Local network']];
  const radios = modes.map(([value, label]) => {
    const input = el('input', { type: 'radio', name: 'sharing', value });
    return { input, label: el('label', {}, input, ` ${label}`) };
  });

  let choices: FilterChoices = { campaigns: [], channels: [], statuses: [], assignees: [] };
  let target: TargetView | null = null;
  let published: PublishView | null = null;
  const publishing = publishSection(() => void render());
  const render = async (): Promise<void> => {
    const [state, pub] = await Promise.all([loadFeeds(), loadPublishing()]);
    target = pub.target;
    published = pub.status;
    publishing.show(pub.target, pub.status);
    choices = state.choices;
    campaignChecks.fill(state.choices.campaigns);
    channelChecks.fill(state.choices.channels);
    statusChecks.fill(state.choices.statuses);
    assigneeChecks.fill(state.choices.assignees);
    status.textContent = sharingStatus(state.sharing);
    portInput.value = String(state.sharing.port);
    for (const r of radios) r.input.checked = r.input.value === state.sharing.mode;
    list.replaceChildren(...(await Promise.all(state.feeds.map(feedRow))));
    if (state.feeds.length === 0) list.append(el('p', { className: 'empty' }, 'No feeds yet.'));
  };

  const feedRow = async (f: FeedView): Promise<HTMLElement> => {
    const row = el('section', { className: 'feed' });
    row.dataset['feed'] = f.name;
    const main = el('div', { className: 'feed-main' }, el('h3', {}, f.name + (f.titlesOnly ? ' (titles only)' : '')),
      el('p', { className: 'filter' }, filterSummary(f, choices)));
    row.append(main);
    main.append(await holdsBlock(f.name).catch(() => el('span')));
    if (f.revoked) {
      main.append(el('p', { className: 'revoked' }, 'Revoked: its address no longer works.'));
      return row;
    }
    const onServer = await serverBlock(f.name);
    if (onServer) main.append(onServer.block);
    const revoke = el('button', { type: 'button', className: 'danger' }, 'Revoke');
    revoke.addEventListener('click', () => {
      if (confirm(`Revoke "${f.name}"? Calendars subscribed to it stop getting updates.`)) {
        void revokeFeed(f.name).then(render, (err: unknown) => (status.textContent = messageOf(err)));
      }
    });
    const rotate = el('button', { type: 'button' }, 'New address');
    rotate.addEventListener('click', () => {
      if (confirm(`Give "${f.name}" a new address? Calendars subscribed to the old one stop getting updates.`)) {
        void rotateFeed(f.name).then(render, (err: unknown) => (status.textContent = messageOf(err)));
      }
    });
    if (!f.httpUrl) {
      // The server is not listening: an address of its own would not
      // answer. A feed published on the team's server has that one.
      if (!onServer?.qr) main.append(el('p', { className: 'no-address' }, 'Turn sharing on (above) to get this feed’s address.'));
      main.append(el('div', { className: 'feed-links' }, rotate, revoke));
      if (onServer?.qr) row.append(onServer.qr);
      return row;
    }
    const address = el('input', { readOnly: true, value: f.httpUrl, className: 'feed-url' });
    address.setAttribute('aria-label', `Address of ${f.name}`);
    const copy = el('button', { type: 'button' }, 'Copy link');
    copy.addEventListener('click', () => void copyText(f.httpUrl).then(() => (copy.textContent = 'Copied')));
    const copyWebcal = el('button', { type: 'button' }, 'Copy webcal link');
    copyWebcal.addEventListener('click', () => void copyText(f.webcalUrl).then(() => (copyWebcal.textContent = 'Copied')));
    const copyWeek = el('button', { type: 'button', title: 'A read-only week at a glance of what this feed shows, for a browser or a phone' },
      'Copy week page link');
    copyWeek.addEventListener('click', () => void copyText(f.weekUrl).then(() => (copyWeek.textContent = 'Copied')));
    main.append(el('div', { className: 'feed-links' }, address, copy, copyWebcal, copyWeek, rotate, revoke));
    // One QR code: the server's address when the feed is published there,
    // since it answers from anywhere.
    row.append(onServer?.qr ?? el('img', { src: await qrDataURL(f.webcalUrl), alt: `QR code for ${f.name}`, width: 132, height: 132 }));
    return row;
  };

  // A feed's place on the team's server: whether it is published there,
  // and its addresses when it is.
  const serverBlock = async (name: string): Promise<{ block: HTMLElement; qr: HTMLImageElement | null } | null> => {
    if (!target?.configured) return null;
    const on = el('input', { type: 'checkbox', checked: target.feeds.includes(name), className: 'publish-feed' });
    on.addEventListener('change', () => {
      setFeedPublished(name, on.checked).then(() => render(), (err: unknown) => {
        on.checked = !on.checked;
        status.textContent = messageOf(err);
      });
    });
    const block = el('div', { className: 'feed-server' }, el('label', {}, on, ' ', t('pub.feedOn')));
    const at = published?.feeds.find((p) => p.name === name);
    if (!at) return { block, qr: null };
    const address = el('input', { readOnly: true, value: at.httpUrl, className: 'feed-server-url' });
    address.setAttribute('aria-label', t('pub.feedAddress', { name }));
    const button = (label: string, text: string): HTMLButtonElement => {
      const b = el('button', { type: 'button' }, label);
      b.addEventListener('click', () => void copyText(text).then(() => (b.textContent = t('pub.copied'))));
      return b;
    };
    block.append(el('div', { className: 'feed-links' }, address, button(t('pub.copy'), at.httpUrl),
      button(t('pub.copyWebcal'), at.webcalUrl), button(t('pub.copyWeek'), at.weekUrl)));
    const qr = el('img', { src: await qrDataURL(at.webcalUrl), alt: t('pub.qr', { name }), width: 132, height: 132 });
    return { block, qr };
  };

  const sharingForm = el('form', { className: 'sharing' });
  sharingForm.append(
    el('fieldset', {}, el('legend', {}, 'Share feeds'), ...radios.map((r) => r.label),
      el('label', { htmlFor: 'feed-port' }, 'Port '), portInput, portError,
      el('button', { type: 'submit' }, 'Apply')),
    status,
  );
  sharingForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    portError.textContent = '';
    const mode = (radios.find((r) => r.input.checked)?.input.value ?? 'off') as SharingMode;
    setSharing(mode, Number(portInput.value)).then(render, (err: unknown) => {
      portError.textContent = messageOf(err);
    });
  });

  const nameInput = el('input', { name: 'name', id: 'feed-name', required: true, maxLength: 80 });
  const campaignChecks = checks('campaigns', t('feed.onlyCampaigns'));
  const channelChecks = checks('channels', t('feed.onlyChannels'));
  const statusChecks = checks('statuses', t('feed.onlyStatuses'));
  const assigneeChecks = checks('assignees', t('feed.onlyAssignees'));
  const kindChecks = checks('kinds', t('feed.onlyKinds'));
  kindChecks.fill(['posts', 'experiments', 'meetings', 'rota'].map((k) => ({ value: k, label: t(`feed.kind.${k}` as MessageKey) })));
  const titlesOnly = el('input', { type: 'checkbox', name: 'titlesOnly' });
  const createError = el('span', { className: 'field-error' });
  createError.setAttribute('role', 'alert');
  const createForm = el('form', { className: 'create-feed' },
    el('label', { htmlFor: 'feed-name' }, t('feed.new') + ' '), nameInput,
    el('p', { className: 'hint' }, t('feed.allHint')),
    campaignChecks.el, channelChecks.el, statusChecks.el, assigneeChecks.el, kindChecks.el,
    el('label', {}, titlesOnly, ' ' + t('feed.titlesOnly')),
    el('button', { type: 'submit' }, t('feed.create')), createError);
  createForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    createError.textContent = '';
    createFeed({
      name: nameInput.value,
      campaigns: campaignChecks.picked(),
      channels: channelChecks.picked(),
      statuses: statusChecks.picked(),
      assignees: assigneeChecks.picked(),
      kinds: kindChecks.picked(),
      titlesOnly: titlesOnly.checked,
    }).then(() => {
      nameInput.value = '';
      createForm.querySelectorAll<HTMLInputElement>('.checks input:checked').forEach((i) => (i.checked = false));
      return render();
    }, (err: unknown) => (createError.textContent = messageOf(err)));
  });

  const close = el('button', { type: 'button', className: 'close' }, 'Close');
  close.addEventListener('click', () => dialog.close());
  // The publisher's state as it changes, while the view is open; a change
  // in what is published (a feed's address) redraws the list.
  const unsubscribe = onPublishStatus((s) => {
    publishing.status(s);
    const names = (v: PublishView | null): string => (v?.feeds ?? []).map((f) => f.httpUrl).join();
    const redraw = names(s) !== names(published);
    published = s;
    if (redraw) void render();
  });
  dialog.addEventListener('close', unsubscribe);
  dialog.append(el('h2', { id: 'feeds-title' }, 'Feeds'), sharingForm, publishing.element, list, createForm, close);
  document.body.append(dialog);
  dialog.showModal();
  void render().catch((err: unknown) => (status.textContent = messageOf(err)));
  return dialog;
}
