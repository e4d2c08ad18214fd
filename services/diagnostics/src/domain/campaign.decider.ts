import type { CampaignClosedV1, CampaignOpenedV1 } from '@pk/contracts';
import { defineAggregate, DomainError, type DomainEvent, unknownCommand } from '@pk/kernel';

/**
 * A diagnostics campaign of a region: the yearly monitoring (it opens in December of the year it
 * reports on and closes in May of the next) or a self-diagnostics window. The ministry opens and
 * closes it; attempts are accepted while it is open and within its dates.
 */
export type OpenCampaign = { readonly type: 'OpenCampaign' } & CampaignOpenedV1;
export type CloseCampaign = { readonly type: 'CloseCampaign' } & CampaignClosedV1;
export type CampaignCommand = OpenCampaign | CloseCampaign;

export type CampaignEvent =
  | DomainEvent<'diagnostics.CampaignOpened', CampaignOpenedV1>
  | DomainEvent<'diagnostics.CampaignClosed', CampaignClosedV1>;

export type CampaignState =
  { readonly status: 'none' } | ({ readonly status: 'open' | 'closed' } & CampaignOpenedV1);

export const campaign = defineAggregate<CampaignState, CampaignCommand, CampaignEvent>({
  name: 'campaign',
  initialState: { status: 'none' },

  decide(command, state, { now }) {
    const { type } = command;
    switch (type) {
      case 'OpenCampaign':
        return open(command, state, today(now));
      case 'CloseCampaign':
        if (state.status === 'none' || state.region !== command.region) {
          throw new DomainError(
            'campaign-not-found',
            `в регионе ${command.region} нет кампании ${command.campaignId}`,
          );
        }
        if (state.status === 'closed') return [];
        return [
          {
            type: 'diagnostics.CampaignClosed',
            data: { campaignId: command.campaignId, region: command.region },
          },
        ];
      default:
        return unknownCommand(type);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'diagnostics.CampaignOpened':
        return { status: 'open', ...event.data };
      case 'diagnostics.CampaignClosed':
        return state.status === 'none' ? state : { ...state, status: 'closed' };
    }
  },
});

function open(command: OpenCampaign, state: CampaignState, today: string): CampaignEvent[] {
  const { type: _type, ...data } = command;
  if (state.status !== 'none') {
    // the same opening again is the same decision: nothing more happens
    if (sameOpening(state, data)) return [];
    throw new DomainError('campaign-already-opened', `кампания ${command.campaignId} уже открыта`);
  }
  if (data.closesOn < data.opensOn) {
    throw new DomainError(
      'campaign-dates-reversed',
      `кампания закрывается ${data.closesOn}, раньше, чем открывается (${data.opensOn})`,
    );
  }
  if (data.closesOn < today) {
    throw new DomainError(
      'campaign-closes-in-the-past',
      `кампания закрылась бы ${data.closesOn}, а сегодня ${today}`,
    );
  }
  if (data.kind === 'yearly-monitoring') {
    const [opensYear, opensMonth] = data.opensOn.split('-').map(Number);
    const [closesYear, closesMonth] = data.closesOn.split('-').map(Number);
    if (opensYear !== data.year || opensMonth !== 12 || closesYear !== data.year + 1 || closesMonth !== 5) {
      throw new DomainError(
        'monitoring-outside-its-season',
        `мониторинг ${data.year} года идёт с декабря ${data.year} по май ${data.year + 1}, ` +
          `а не с ${data.opensOn} по ${data.closesOn}`,
      );
    }
  }
  return [{ type: 'diagnostics.CampaignOpened', data }];
}

function sameOpening(state: CampaignOpenedV1, data: CampaignOpenedV1): boolean {
  return (
    state.region === data.region &&
    state.kind === data.kind &&
    state.year === data.year &&
    state.opensOn === data.opensOn &&
    state.closesOn === data.closesOn
  );
}

/** The calendar date of a decision (UTC). */
export const today = (now: Date) => now.toISOString().slice(0, 10);

/** Why an attempt may not join this campaign now, or undefined when it may. */
export function campaignRefusal(
  state: CampaignState,
  campaignId: string,
  region: string,
  now: Date,
): DomainError | undefined {
  if (state.status === 'none' || state.region !== region) {
    return new DomainError('campaign-not-found', `в регионе ${region} нет кампании ${campaignId}`);
  }
  if (state.status === 'closed') {
    return new DomainError('campaign-closed', `кампания ${campaignId} закрыта`);
  }
  const date = today(now);
  if (date < state.opensOn || date > state.closesOn) {
    return new DomainError(
      'campaign-not-running',
      `кампания ${campaignId} идёт с ${state.opensOn} по ${state.closesOn}, а сегодня ${date}`,
    );
  }
  return undefined;
}
