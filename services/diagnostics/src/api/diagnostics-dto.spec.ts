import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { OpenCampaignRequest } from './campaign.dto';
import { ExternalResultRequestDto } from './external-result.dto';

// A date the calendar lacks passes a pattern but not the contract's `format: date`: the DTO must
// refuse it with a 400 naming the field, not let the event's contract answer 422 after the fact.
const messagesOf = (Dto: new () => object, body: object) =>
  validateSync(plainToInstance(Dto, body)).flatMap((error) => Object.values(error.constraints ?? {}));

describe('dates of diagnostics requests', () => {
  it('refuse 30 February, naming the field', () => {
    const campaign = {
      campaignId: '0f3e9a52-8d0b-4c1e-9a6c-3c2b1a0e9f21',
      region: '63',
      kind: 'self-diagnostics',
      year: 2026,
      opensOn: '2026-02-30',
      closesOn: '2026-05-31',
    };
    expect(messagesOf(OpenCampaignRequest, campaign)).toEqual([
      'opensOn: ожидается дата, например 2026-12-01',
    ]);
    expect(messagesOf(OpenCampaignRequest, { ...campaign, opensOn: '2026-02-28' })).toEqual([]);
    const result = {
      resultId: '2d8f5b1e-9a4c-4f67-b3e0-7c1a5d9f2b84',
      teacherId: '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64',
      region: '63',
      source: 'federal-assessment',
      recordedOn: '2026-02-30',
      scores: [{ competency: 'R/01', score: 40 }],
    };
    expect(messagesOf(ExternalResultRequestDto, result)).toEqual([
      'recordedOn: ожидается дата, например 2026-02-10',
    ]);
  });
});
