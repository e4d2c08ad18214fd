import { randomUUID } from 'node:crypto';
import { buildProfile, type CampaignDocument, deficitMap, type ResultDocument } from './profile.queries';

const place = {
  teacherId: '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64',
  region: '63',
  organizationId: 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43',
  municipalityId: '6a1f3d92-4c7e-4b25-9e08-1d5c7a3f2b64',
};

describe('profile view', () => {
  const campaign = (
    year: number,
    kind: CampaignDocument['kind'] = 'yearly-monitoring',
  ): CampaignDocument => ({
    _id: randomUUID(),
    region: '63',
    kind,
    year,
    opensOn: `${year}-12-01`,
    closesOn: `${year + 1}-05-31`,
    open: false,
  });
  const m2025 = campaign(2025);
  const m2026 = campaign(2026);
  const self = campaign(2026, 'self-diagnostics');
  const result = (
    campaignId: string | null,
    observedAt: string,
    scores: [string, number][],
  ): ResultDocument => ({
    _id: randomUUID(),
    kind: 'attempt',
    campaignId,
    source: null,
    observedAt,
    scores: scores.map(([competency, score]) => ({ competency, score, deficit: score < 60 })),
  });
  const results = [
    result(m2025._id, '2026-01-15T10:00:00.000Z', [
      ['R/01', 33],
      ['A/01.6', 67],
    ]),
    result(m2026._id, '2027-01-20T10:00:00.000Z', [
      ['R/01', 67],
      ['A/01.6', 100],
    ]),
    result(self._id, '2027-02-01T10:00:00.000Z', [['R/01', 100]]),
  ];

  it('shows the newest score per competency with its source, and the change since last year’s monitoring', () => {
    const view = buildProfile(
      place,
      results,
      [m2025, m2026, self],
      [{ competency: 'R/06', foundBy: results[0]!._id, source: 'monitoring' }],
    );
    expect(view.current).toEqual([
      expect.objectContaining({
        competency: 'A/01.6',
        score: 100,
        source: 'monitoring',
        observedAt: '2027-01-20T10:00:00.000Z',
      }),
      expect.objectContaining({ competency: 'R/01', score: 100, source: 'self-diagnostics' }),
    ]);
    expect(view.openDeficits).toEqual([
      expect.objectContaining({ competency: 'R/06', name: 'Оценка образовательных результатов' }),
    ]);
    expect(view.sinceLastYear).toEqual({
      year: 2026,
      previousYear: 2025,
      competencies: [
        expect.objectContaining({ competency: 'A/01.6', score: 100, previousScore: 67, change: 33 }),
        expect.objectContaining({ competency: 'R/01', score: 67, previousScore: 33, change: 34 }),
      ],
    });
    expect(buildProfile(place, [], [], []).sinceLastYear).toBeNull();
  });

  it('counts open deficits per competency of the framework', () => {
    const map = deficitMap({ region: '63' }, [
      { competency: 'R/01' },
      { competency: 'R/01' },
      { competency: 'B/04.6' },
    ]);
    expect(map.competencies).toHaveLength(14);
    expect(map.competencies.find((c) => c.competency === 'R/01')?.teachers).toBe(2);
    expect(map.competencies.find((c) => c.competency === 'A/01.6')?.teachers).toBe(0);
  });
});
