import { publishingApi, type PublishView, type TargetView } from '../api/publishing';
import { locale, t, translateError } from '../langs';

export type { Keep, PublishView, PublishedFeedAt, TargetInput, TargetView } from '../api/publishing';

/** The target and the publisher's state, loaded together. */
export async function loadPublishing(): Promise<{ target: TargetView; status: PublishView }> {
  const [target, status] = await Promise.all([publishingApi.target(), publishingApi.status()]);
  return { target, status };
}

/**
 * One line for the publisher's state, in the user's language: when it last
 * published, or what it waits for, or what went wrong and when it tries
 * again.
 */
export function publishStatusText(s: PublishView, now: Date = new Date()): string {
  if (!s.configured) return t('pub.notSetUp');
  if (s.publishing) return t('pub.publishing');
  const time = (iso: string): string => {
    const d = new Date(iso);
    const sameDay = d.toDateString() === now.toDateString();
    return d.toLocaleString(locale(), sameDay ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' });
  };
  if (s.problem) {
    const why = translateError({ code: 'invalid', message: s.problem.message, format: s.problem.format, args: s.problem.args });
    const next = s.nextTry ? ' ' + t('pub.nextTry', { time: time(s.nextTry) }) : '';
    return t('pub.failed', { why }) + next;
  }
  if (s.pending) return t('pub.pending');
  if (s.lastSuccess) return t('pub.published', { time: time(s.lastSuccess) });
  return t('pub.notYet');
}

export const setTarget = publishingApi.setTarget;
export const setFeedPublished = publishingApi.setFeedPublished;
export const setPublishPassword = publishingApi.setPassword;
export const publishNow = publishingApi.publishNow;
export const stopPublishing = publishingApi.remove;
export const onPublishStatus = publishingApi.onStatus;
export const publishStatus = publishingApi.status;
