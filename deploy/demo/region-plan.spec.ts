import { COMPETENCY_FRAMEWORK, isValidSnils } from '@pk/contracts';
import {
  DIAGNOSTICS_TURNOUT,
  attemptIdOf,
  campaignIdOf,
  diagnosticsOf,
  monitoringSeasonOn,
  planRegion,
  SAMARA,
  TRAJECTORY_SHARE,
} from './region-plan';

describe('the demo region plan', () => {
  it('is a Samara at scale 1: its municipal structure and every count of seed 000', () => {
    const plan = planRegion({ region: '63', scale: 1 });
    expect(plan.municipalities.filter((m) => m.kind === 'urban-district')).toHaveLength(10);
    expect(plan.municipalities.filter((m) => m.kind === 'municipal-district')).toHaveLength(27);
    expect(plan.municipalities[0]!.name).toBe('городской округ Самара');
    expect({
      organizations: plan.organizations.length,
      providers: plan.providers.length,
      programs: plan.programs.length,
      experts: plan.experts.length,
      teachers: plan.teachers.length,
      internshipSites: plan.internshipSites.length,
    }).toEqual({
      organizations: SAMARA.organizations,
      providers: SAMARA.providers,
      programs: SAMARA.programs,
      experts: SAMARA.experts,
      teachers: SAMARA.teachers,
      internshipSites: SAMARA.internshipSites,
    });
    // every internship program has a site to host it
    const hosted = new Set(plan.internshipSites.flatMap((s) => s.programIds));
    const internships = plan.programs.filter((p) => p.format === 'internship');
    expect(internships.length).toBeGreaterThan(0);
    expect(internships.filter((p) => !hosted.has(p.programId))).toEqual([]);
  });

  it('gives the same region for the same arguments, and another for another seed', () => {
    const twice = [planRegion({ region: '63', scale: 0.05 }), planRegion({ region: '63', scale: 0.05 })];
    expect(JSON.stringify(twice[0])).toBe(JSON.stringify(twice[1]));
    const other = planRegion({ region: '63', scale: 0.05, seed: 2 });
    expect(other.teachers.map((t) => t.lastName)).not.toEqual(twice[0]!.teachers.map((t) => t.lastName));
  });

  it('keeps at a small scale what a region needs to work: a municipality of each kind, two experts free of conflict for a program', () => {
    const plan = planRegion({ region: '16', scale: 0.001 });
    expect(new Set(plan.municipalities.map((m) => m.kind))).toEqual(
      new Set(['urban-district', 'municipal-district']),
    );
    expect(plan.experts.length).toBeGreaterThanOrEqual(4);
    expect(plan.providers.length).toBeGreaterThanOrEqual(2);
    // every municipality has an organization, and every organization a teacher
    const withOrganizations = new Set(plan.organizations.map((o) => o.municipalityId));
    expect(plan.municipalities.every((m) => withOrganizations.has(m.municipalityId))).toBe(true);
    const staffed = new Set(plan.teachers.map((t) => t.organizationId));
    expect(plan.organizations.every((o) => staffed.has(o.organizationId))).toBe(true);
  });

  it('references only what it plans, with natural keys unique and well-formed', () => {
    const plan = planRegion({ region: '63', scale: 0.03 });
    const municipalities = new Set(plan.municipalities.map((m) => m.municipalityId));
    const organizations = new Map(plan.organizations.map((o) => [o.organizationId, o]));
    const providers = new Set(plan.providers.map((p) => p.providerId));
    expect(plan.organizations.every((o) => municipalities.has(o.municipalityId))).toBe(true);
    expect(plan.programs.every((p) => providers.has(p.providerId))).toBe(true);
    expect(plan.experts.every((e) => organizations.has(e.organizationId))).toBe(true);
    for (const t of plan.teachers) {
      expect(organizations.get(t.organizationId)?.municipalityId).toBe(t.municipalityId);
    }
    const unique = (values: readonly string[]) => new Set(values).size === values.length;
    expect(unique(plan.municipalities.map((m) => m.oktmo))).toBe(true);
    expect(unique([...plan.organizations, ...plan.providers].map((o) => o.inn))).toBe(true);
    expect(unique(plan.teachers.map((t) => t.snils))).toBe(true);
    expect(plan.municipalities.every((m) => /^\d{8}$/.test(m.oktmo))).toBe(true);
    expect([...plan.organizations, ...plan.providers].every((o) => /^\d{10}$/.test(o.inn))).toBe(true);
    expect(plan.teachers.every((t) => isValidSnils(t.snils))).toBe(true);
  });

  it('plans programs the voucher can be spent on: 36-hour ones and 54-hour internships for the colleges', () => {
    const plan = planRegion({ region: '63', scale: 0.03 });
    const eligible = plan.programs.filter((p) => p.voucherEligible);
    expect(eligible.length).toBeGreaterThan(plan.programs.length / 2);
    expect(eligible.every((p) => p.hours === 36 || (p.hours === 54 && p.format === 'internship'))).toBe(true);
    expect(plan.programs.some((p) => p.format === 'internship')).toBe(true);
    // a teacher of a school's most common position finds a program of their kind of organization
    expect(
      eligible.some((p) => p.targetPositions.includes('teacher') && p.organizationTypes.includes('school')),
    ).toBe(true);
  });

  it.each([0.001, 0.01, 0.05, 1])(
    'gives every expert a specialization, and every program at scale %s two or more experts who cover one of its subjects or competencies',
    (scale) => {
      const plan = planRegion({ region: '63', scale });
      expect(plan.experts.filter((e) => e.subjects.length + e.competencies.length === 0)).toEqual([]);
      for (const program of plan.programs) {
        const covering = plan.experts.filter(
          (e) =>
            e.subjects.some((s) => program.subjects.includes(s)) ||
            e.competencies.some((c) => program.competencies.includes(c)),
        );
        expect(covering.length).toBeGreaterThanOrEqual(2);
      }
    },
  );

  describe("the year's diagnostics", () => {
    const plan = planRegion({ region: '63', scale: 0.03 });
    const competencies = Object.keys(COMPETENCY_FRAMEWORK.competencies);

    it('has about the planned turnout and a few typical deficits with a long tail, the same every time', () => {
      const taking = plan.teachers.filter((t) => diagnosticsOf(plan, t).takesPart).length;
      expect(taking / plan.teachers.length).toBeCloseTo(DIAGNOSTICS_TURNOUT, 1);
      const shares = competencies.map(
        (c) => plan.teachers.filter((t) => diagnosticsOf(plan, t).isWeakIn(c)).length / plan.teachers.length,
      );
      // each competency's share within the planned 4–30 %, and not all alike
      for (const share of shares) expect(share).toBeGreaterThan(0.03);
      for (const share of shares) expect(share).toBeLessThan(0.31);
      expect(Math.max(...shares) - Math.min(...shares)).toBeGreaterThan(0.02);
      const proposed = plan.teachers.filter((t) => diagnosticsOf(plan, t).trajectoryProposed).length;
      expect(proposed / plan.teachers.length).toBeCloseTo(TRAJECTORY_SHARE, 1);
      const again = planRegion({ region: '63', scale: 0.03 });
      expect(again.teachers.map((t) => diagnosticsOf(again, t).isWeakIn(competencies[0]!))).toEqual(
        plan.teachers.map((t) => diagnosticsOf(plan, t).isWeakIn(competencies[0]!)),
      );
    });

    it('names attempts and campaigns by region, seed, year and teacher', () => {
      const snils = plan.teachers[0]!.snils;
      expect(attemptIdOf(plan, snils, 2026)).toBe(attemptIdOf(plan, snils, 2026));
      expect(attemptIdOf(plan, snils, 2026)).not.toBe(attemptIdOf(plan, snils, 2027));
      expect(attemptIdOf(plan, snils, 2026)).not.toBe(attemptIdOf({ ...plan, seed: 2 }, snils, 2026));
      expect(campaignIdOf(plan, 2026)).not.toBe(campaignIdOf({ ...plan, region: '16' }, 2026));
    });

    it('finds the monitoring running on a day: December to May, none in summer and autumn', () => {
      expect(monitoringSeasonOn('2026-12-03')).toBe(2026);
      expect(monitoringSeasonOn('2027-01-15')).toBe(2026);
      expect(monitoringSeasonOn('2027-05-31')).toBe(2026);
      expect(monitoringSeasonOn('2027-06-01')).toBeNull();
      expect(monitoringSeasonOn('2027-11-30')).toBeNull();
    });
  });

  it('refuses a scale that is no positive number', () => {
    expect(() => planRegion({ region: '63', scale: 0 })).toThrow(/scale/);
    expect(() => planRegion({ region: '63', scale: Number.NaN })).toThrow(/scale/);
  });
});
