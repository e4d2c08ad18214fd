import { deciderSpec } from '@pk/test-kit';
import { campaign, type CampaignEvent, campaignRefusal, type OpenCampaign } from './campaign.decider';

const campaignId = 'b7e2c5a9-1d3f-4a68-9c0b-5e7f2a4d8c16';
const monitoring: OpenCampaign = {
  type: 'OpenCampaign',
  campaignId,
  region: '63',
  kind: 'yearly-monitoring',
  year: 2026,
  opensOn: '2026-12-01',
  closesOn: '2027-05-31',
};
const { type: _type, ...openedData } = monitoring;
const opened: CampaignEvent = { type: 'diagnostics.CampaignOpened', data: openedData };
const closed: CampaignEvent = { type: 'diagnostics.CampaignClosed', data: { campaignId, region: '63' } };

describe('campaign', () => {
  it('opens the yearly monitoring from December of its year to May of the next', () => {
    deciderSpec(campaign).given([]).at('2026-11-20').when(monitoring).then([opened]);
  });

  it('opens the same campaign again as nothing new, and refuses other dates under its id', () => {
    deciderSpec(campaign).given([opened]).at('2026-11-20').when(monitoring).then([]);
    deciderSpec(campaign)
      .given([opened])
      .at('2026-11-20')
      .when({ ...monitoring, closesOn: '2027-05-15' })
      .thenFails('campaign-already-opened');
  });

  it('refuses a monitoring outside its season', () => {
    deciderSpec(campaign)
      .given([])
      .at('2026-09-01')
      .when({ ...monitoring, opensOn: '2026-10-01' })
      .thenFails('monitoring-outside-its-season', /с декабря 2026 по май 2027/);
    deciderSpec(campaign)
      .given([])
      .at('2026-09-01')
      .when({ ...monitoring, year: 2025 })
      .thenFails('monitoring-outside-its-season');
  });

  it('lets self-diagnostics run any window, but not one reversed or already over', () => {
    const self: OpenCampaign = {
      ...monitoring,
      kind: 'self-diagnostics',
      opensOn: '2026-09-01',
      closesOn: '2026-10-15',
    };
    const { type: _t, ...data } = self;
    deciderSpec(campaign)
      .given([])
      .at('2026-09-01')
      .when(self)
      .then([{ type: 'diagnostics.CampaignOpened', data }]);
    deciderSpec(campaign)
      .given([])
      .at('2026-09-01')
      .when({ ...self, closesOn: '2026-08-01' })
      .thenFails('campaign-dates-reversed');
    deciderSpec(campaign).given([]).at('2026-11-01').when(self).thenFails('campaign-closes-in-the-past');
  });

  it('closes once, only in its own region', () => {
    const close = { type: 'CloseCampaign', campaignId, region: '63' } as const;
    deciderSpec(campaign).given([opened]).when(close).then([closed]);
    deciderSpec(campaign).given([opened, closed]).when(close).then([]);
    deciderSpec(campaign)
      .given([opened])
      .when({ ...close, region: '24' })
      .thenFails('campaign-not-found');
    deciderSpec(campaign).given([]).when(close).thenFails('campaign-not-found');
  });

  it('admits attempts only while open and within its dates', () => {
    const state = { status: 'open', ...openedData } as const;
    expect(campaignRefusal(state, campaignId, '63', new Date('2027-01-15T10:00:00Z'))).toBeUndefined();
    expect(campaignRefusal(state, campaignId, '63', new Date('2026-11-30T10:00:00Z'))?.code).toBe(
      'campaign-not-running',
    );
    expect(campaignRefusal(state, campaignId, '63', new Date('2027-06-01T10:00:00Z'))?.code).toBe(
      'campaign-not-running',
    );
    expect(
      campaignRefusal({ ...state, status: 'closed' }, campaignId, '63', new Date('2027-01-15'))?.code,
    ).toBe('campaign-closed');
    expect(campaignRefusal(state, campaignId, '24', new Date('2027-01-15'))?.code).toBe('campaign-not-found');
    expect(campaignRefusal({ status: 'none' }, campaignId, '63', new Date('2027-01-15'))?.code).toBe(
      'campaign-not-found',
    );
  });
});
