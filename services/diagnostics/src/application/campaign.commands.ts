import { Injectable } from '@nestjs/common';
import type { CommandContext } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import { campaign, type CampaignCommand } from '../domain/campaign.decider';

type Request<T extends CampaignCommand['type']> = Omit<Extract<CampaignCommand, { type: T }>, 'type'>;

/** The ministry's campaigns: the yearly monitoring and self-diagnostics windows. */
@Injectable()
export class CampaignCommands {
  private readonly campaigns;

  constructor(eventSourcing: EventSourcing) {
    this.campaigns = eventSourcing.handler(campaign);
  }

  open(request: Request<'OpenCampaign'>, caller: CommandContext) {
    return this.campaigns.handle(
      campaign.streamId(request.campaignId),
      { type: 'OpenCampaign', ...request },
      caller,
    );
  }

  close(request: Request<'CloseCampaign'>, caller: CommandContext) {
    return this.campaigns.handle(
      campaign.streamId(request.campaignId),
      { type: 'CloseCampaign', ...request },
      caller,
    );
  }
}
