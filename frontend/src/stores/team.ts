import { teamApi, type TeamView } from '../api/team';

/** The team as Go last reported it; reload after a change in settings. */
let team: TeamView = { campaigns: [], members: [], channels: [] };
const listeners = new Set<() => void>();

export function currentTeam(): Readonly<TeamView> {
  return team;
}

export async function loadTeam(): Promise<TeamView> {
  team = await teamApi.team();
  for (const fn of listeners) fn();
  return team;
}

export function onTeam(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** A channel's character limit; 0 means none. */
export function charLimit(channel: string): number {
  return team.channels.find((c) => c.name === channel)?.charLimit ?? 0;
}

export function campaignColour(tag: string): string {
  return team.campaigns.find((c) => c.tag === tag)?.colour ?? '';
}
