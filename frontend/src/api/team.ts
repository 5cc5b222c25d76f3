// The only module that calls the Team service in Go.
import { DeleteCampaign, SaveCampaign, SaveChannel, SaveMember, Team } from '../../wailsjs/go/app/Team';
import type { app } from '../../wailsjs/go/models';
import { call } from './errors';

export type TeamView = Omit<app.TeamView, 'convertValues'>;
export type CampaignView = app.CampaignView;
export type MemberView = app.MemberView;
export type ChannelView = app.ChannelView;

export const teamApi = {
  team: (): Promise<TeamView> => call(() => Team()),
  saveCampaign: (c: CampaignView): Promise<void> => call(() => SaveCampaign(c)),
  deleteCampaign: (tag: string): Promise<void> => call(() => DeleteCampaign(tag)),
  saveMember: (m: MemberView): Promise<MemberView> => call(() => SaveMember(m)),
  saveChannel: (c: ChannelView): Promise<void> => call(() => SaveChannel(c)),
};
