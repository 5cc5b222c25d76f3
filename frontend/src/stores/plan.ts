import type { EventInput } from '@fullcalendar/core';
import { plannerApi, type OccurrenceView } from '../api/planner';

/** The calendar's view of one occurrence. */
export function toEvent(o: OccurrenceView): EventInput {
  return {
    id: o.id,
    title: o.title,
    start: o.start,
    end: o.end,
    allDay: o.allDay,
    ...(o.colour ? { backgroundColor: o.colour, borderColor: o.colour } : {}),
    classNames: [`status-${o.status}`, ...(o.recurring ? ['recurring'] : [])],
    extendedProps: { postId: o.postId, status: o.status, channels: o.channels, initials: o.initials, recurring: o.recurring },
  };
}

/** Loads the occurrences of a window as calendar events. */
export async function loadWindow(from: Date, to: Date): Promise<EventInput[]> {
  const occs = await plannerApi.window(from.toISOString(), to.toISOString());
  return occs.map(toEvent);
}

export const planIsEmpty = (): Promise<boolean> => plannerApi.isEmpty();
export const loadSamplePlan = (): Promise<number> => plannerApi.loadSamplePlan();
export const onPlanChanged = plannerApi.onPlanChanged;
