import { goldenExample } from '@pk/contracts';
import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { deficitId, teacherProfiles } from './profile.projection';

const teacherId = '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64';
const place = {
  teacherId,
  region: '63',
  organizationId: 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43',
  municipalityId: '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64',
};
const attemptId = 'e1c4a7f2-5b8d-4e39-a6c0-2f9b3d7e5a18';
const campaignId = 'b7e2c5a9-1d3f-4a68-9c0b-5e7f2a4d8c16';
const onProfile = (position: number, time: string) => ({ subject: `profile-${teacherId}`, position, time });

describe('teacher-profiles projection', () => {
  describe('deficits', () => {
    const found = (competency: 'R/01' | 'A/01.6', position: number) =>
      publishedEvent(
        'diagnostics.DeficitFound',
        { ...place, competency, foundBy: attemptId, source: 'monitoring' },
        onProfile(position, '2026-01-20T10:30:01.000Z'),
      );
    const resolved = publishedEvent(
      'diagnostics.DeficitResolved',
      { ...place, competency: 'R/01', resolvedBy: '7a3c9e15-2f6b-4d84-9e1a-b5c8d2f7e403' },
      onProfile(3, '2027-01-18T11:00:00.000Z'),
    );
    const openDeficit = (competency: string) => ({
      _id: `${teacherId}/${competency}`,
      ...place,
      competency,
      open: true,
      foundBy: attemptId,
      source: 'monitoring',
      resolvedBy: null,
    });

    it('keeps one open deficit document per teacher and competency, following the profile stream', () => {
      projectionSpec(teacherProfiles)
        .given([found('R/01', 0), found('A/01.6', 1)])
        .then('deficits', [openDeficit('A/01.6'), openDeficit('R/01')])
        .thenRedeliveryChangesNothing();
    });

    it('closes a resolved deficit, saying what resolved it, and leaves the others open', () => {
      projectionSpec(teacherProfiles)
        .given([found('R/01', 0), found('A/01.6', 1), resolved])
        .then('deficits', [
          openDeficit('A/01.6'),
          { ...openDeficit('R/01'), open: false, resolvedBy: '7a3c9e15-2f6b-4d84-9e1a-b5c8d2f7e403' },
        ])
        .thenRedeliveryChangesNothing();
    });

    it('opens a deficit found again after it was resolved', () => {
      projectionSpec(teacherProfiles)
        .given([found('R/01', 0), resolved, found('R/01', 4)])
        .thenDocument('deficits', deficitId(teacherId, 'R/01'), { open: true, resolvedBy: null })
        .thenRedeliveryChangesNothing();
    });
  });

  describe('results', () => {
    const scored = publishedEvent(
      'diagnostics.AttemptScored',
      { attemptId, ...place, campaignId },
      { subject: `attempt-${attemptId}`, time: '2026-01-20T10:30:00.000Z' },
    );
    const outside = publishedEvent(
      'diagnostics.ExternalResultRecorded',
      { ...place, source: 'federal-assessment', recordedOn: '2026-02-10' },
      { time: '2026-02-11T09:00:00.000Z' },
    );

    it('keeps an attempt as a result observed at its scoring time, an outside result at its date', () => {
      projectionSpec(teacherProfiles)
        .given([scored, outside])
        .then('results', [
          {
            _id: outside.data.resultId,
            teacherId,
            region: '63',
            kind: 'external-result',
            campaignId: null,
            instrument: null,
            source: 'federal-assessment',
            observedAt: '2026-02-10T00:00:00.000Z',
            scores: outside.data.scores,
          },
          {
            _id: attemptId,
            teacherId,
            region: '63',
            kind: 'attempt',
            campaignId,
            instrument: { id: 'teacher-core', version: 1 },
            source: null,
            observedAt: '2026-01-20T10:30:00.000Z',
            scores: scored.data.scores,
          },
        ])
        .thenRedeliveryChangesNothing();
    });
  });

  describe('campaigns', () => {
    const opened = goldenExample('diagnostics.CampaignOpened').data;
    const onCampaign = (position: number) => ({ subject: `campaign-${campaignId}`, position });

    it('keeps a campaign’s year, kind and dates, open until it closes', () => {
      const openedEvent = publishedEvent('diagnostics.CampaignOpened', { campaignId }, onCampaign(0));
      const campaign = {
        _id: campaignId,
        region: '63',
        kind: 'yearly-monitoring',
        year: 2025,
        opensOn: opened.opensOn,
        closesOn: opened.closesOn,
      };
      projectionSpec(teacherProfiles)
        .given([openedEvent])
        .then('campaigns', [{ ...campaign, open: true }])
        .thenRedeliveryChangesNothing();
      projectionSpec(teacherProfiles)
        .given([openedEvent, publishedEvent('diagnostics.CampaignClosed', { campaignId }, onCampaign(1))])
        .then('campaigns', [{ ...campaign, open: false }])
        .thenRedeliveryChangesNothing();
    });
  });
});
