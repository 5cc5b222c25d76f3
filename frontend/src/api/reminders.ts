// The only module that calls the Reminders service in Go.
import { Missed, Notify } from '../../wailsjs/go/app/Reminders';
import type { app } from '../../wailsjs/go/models';
import { EventsOn } from '../../wailsjs/runtime/runtime';

export type ReminderView = app.ReminderView;
export type Notice = app.Notice;

export const remindersApi = {
  /** What fell due while Postplan was closed; listed once. */
  missed: (): Promise<ReminderView[]> => Missed(),
  /** Shows a worded reminder on the desktop; false when the system has no notification service. */
  notify: (n: Notice): Promise<boolean> => Notify(n),
  /** Calls fn with the reminders that fall due now. */
  onReminders: (fn: (rs: ReminderView[]) => void): (() => void) => EventsOn('reminders', fn),
  /** Calls fn with what fell due while the computer slept. */
  onMissed: (fn: (rs: ReminderView[]) => void): (() => void) => EventsOn('reminders:missed', fn),
  /** Calls fn when a desktop notification was clicked. */
  onOpen: (fn: (at: { postId: string; original: string }) => void): (() => void) => EventsOn('reminder:open', fn),
  /** Calls fn when a post became overdue or the day turned. */
  onDueChanged: (fn: () => void): (() => void) => EventsOn('due:changed', fn),
};
