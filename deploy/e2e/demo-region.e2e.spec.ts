import { readFileSync } from 'node:fs';
import path from 'node:path';
import { directoryId, regionToday } from '@pk/contracts';
import { Pool } from 'pg';
import { loadRegion } from '../demo/load-region';
import {
  monitoringAnswers,
  municipalitiesRegistering,
  rebuildReadModels,
  settledAnswers,
} from '../demo/monitoring-answers';
import { courseOf, diagnosticsOf, monitoringSeasonOn, offeringIdOf, planRegion } from '../demo/region-plan';
import { type IsolatedStack, SHARED_STACK_START_MS, sharedStack } from '../local/isolated-stack';
import { eventually, stackClient } from './stack-client';

// The demo region generator over the services' public APIs, on the e2e files' shared stack (region
// 02 is this file's): a small region loads from directories to issued vouchers, and loading it again
// — as a resumed load does — stores nothing new in any service.
describe('demo region generator (e2e)', () => {
  let isolated: IsolatedStack;
  let db: Pool;
  const region = '02';
  // the region's current year: a past year's vouchers would expire while the spec counts events
  const year = Number(regionToday(region, new Date()).slice(0, 4));
  const plan = planRegion({ region, scale: 0.002 });
  const { call } = stackClient(() => isolated);
  const taking = plan.teachers.filter((t) => diagnosticsOf(plan, t).takesPart).length;
  const season = monitoringSeasonOn(regionToday(region, new Date()));
  const took = `${taking} of ${plan.teachers.length} teachers took ${season === null ? 'the self-diagnostics' : `the monitoring of ${season}`}`;
  const admin = { subject: 'admin-02', role: 'ministry-admin', region } as const;

  const load = () =>
    loadRegion(plan, {
      urls: {
        catalog: isolated.serviceUrl('catalog'),
        expertise: isolated.serviceUrl('expertise'),
        vouchers: isolated.serviceUrl('vouchers'),
        diagnostics: isolated.serviceUrl('diagnostics'),
        enrollment: isolated.serviceUrl('enrollment'),
      },
      privateKeyPem: readFileSync(path.join(isolated.localDir, 'keys', 'dev-private.pem'), 'utf8'),
      year,
      log: () => undefined,
    });

  /** The region's events in each service's store. */
  async function eventsOfRegion(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    // the plan's groups: enrollment's streams of the offerings the load opened
    const groups = [
      ...new Set(
        plan.teachers.flatMap((t) => {
          const course = courseOf(plan, t);
          return course ? [`group-${offeringIdOf(plan, course.program.programId, year)}`] : [];
        }),
      ),
    ];
    const { rows } = await db.query<{ n: string }>(
      'select count(*) as n from enrollment.events where stream_id = any($1)',
      [groups],
    );
    counts['enrollment'] = Number(rows[0]!.n);
    for (const service of ['catalog', 'expertise', 'diagnostics', 'vouchers']) {
      const { rows } = await db.query<{ n: string }>(
        `select count(*) as n from ${service}.events where data->>'region' = $1`,
        [region],
      );
      counts[service] = Number(rows[0]!.n);
    }
    return counts;
  }

  beforeAll(async () => {
    isolated = await sharedStack();
    db = new Pool({ connectionString: isolated.endpoints.databaseUrl, max: 2 });
  }, SHARED_STACK_START_MS);
  afterAll(() => db?.end());

  it('loads a region from its directories through the diagnostics to the vouchers of the year, and a second load doubles nothing', async () => {
    const first = await load();
    expect(first.steps.map((s) => s.detail)).toEqual([
      `${plan.municipalities.length} municipalities, ${plan.providers.length} providers, ${plan.organizations.length} organizations`,
      `${plan.experts.length} experts in the region's pool`,
      `${plan.teachers.length} new, 0 there before`,
      `${plan.programs.length} submitted now, 0 before`,
      `internship sites: ${plan.internshipSites.length}, hosting the plan's internships: ${plan.internshipSites.filter((s) => s.programIds.length > 0).length}`,
      `${plan.programs.length} programs in the register`,
      expect.stringMatching(new RegExp(`^${took}, [1-9]\\d* deficits in [1-9]\\d* teachers$`)),
      expect.stringMatching(/^[1-9]\d* trajectories proposed for [1-9]\d* teachers with deficits$/),
      expect.stringMatching(/^\d+ issued now, 0 before, 0 refused$/),
      // the courses start tomorrow: applied, approved and funded today
      expect.stringMatching(/^[1-9]\d* offerings, 0 started .*; [1-9]\d* applications: [1-9]\d* enrolled, /),
    ]);
    const diagnosed = first.steps.at(-4)!.detail;
    const trajectories = first.steps.at(-3)!.detail;
    const issued = Number(/^(\d+)/.exec(first.steps.at(-2)!.detail)![1]);
    const courses = first.steps.at(-1)!.detail;
    expect(issued).toBeGreaterThan(plan.teachers.length / 2);

    // what the ministry sees: every program of the plan in the register
    await eventually(
      async () =>
        (
          await call<{ total?: number }>(
            'GET',
            `${isolated.serviceUrl('catalog')}/register?region=${region}`,
            admin,
          )
        ).body.total,
      (total) => total === plan.programs.length,
      'every program of the plan in the register',
    );

    // the bulk issue answers once the money is committed; the vouchers themselves follow
    await eventually(
      async () =>
        Number(
          (
            await db.query<{ n: string }>(
              `select count(*) as n from vouchers.events where type = 'vouchers.VoucherIssued' and data->>'region' = $1`,
              [region],
            )
          ).rows[0]!.n,
        ),
      (n) => n === issued,
      'every committed voucher issued',
    );
    const before = await eventsOfRegion();
    const again = await load();
    expect(again.steps.map((s) => s.detail)).toEqual([
      `${plan.municipalities.length} municipalities, ${plan.providers.length} providers, ${plan.organizations.length} organizations`,
      `${plan.experts.length} experts in the region's pool`,
      `0 new, ${plan.teachers.length} there before`,
      `0 submitted now, ${plan.programs.length} before`,
      `internship sites: ${plan.internshipSites.length}, hosting the plan's internships: ${plan.internshipSites.filter((s) => s.programIds.length > 0).length}`,
      `${plan.programs.length} programs in the register`,
      diagnosed,
      trajectories,
      `0 issued now, ${issued} before, 0 refused`,
      courses,
    ]);
    expect(await eventsOfRegion()).toEqual(before);
  }, 300_000);

  it('rebuilds every read model of monitoring from zero while another region writes on: the region’s answers the same as live, the writes all counted', async () => {
    const monitoring = isolated.serviceUrl('monitoring');
    const scope = {
      region,
      year,
      municipalityIds: plan.municipalities.map((m) => m.municipalityId),
      providerIds: plan.providers.map((p) => p.providerId),
    };
    const read = () => monitoringAnswers(call, monitoring, scope);
    const live = await settledAnswers(read);
    // what is compared is the year's: every teacher counted, deficits found among them
    expect(live[`/statistics/figures?region=${region}&year=${year}`]).toMatchObject({
      territory: { teachers: plan.teachers.length },
    });
    const samara = live[`/indicators/samara?region=${region}&year=${year}`] as {
      indicators: { id: string; current: { numerator: number } }[];
    };
    expect(
      samara.indicators.find((i) => i.id === 'teachers-with-deficits')!.current.numerator,
    ).toBeGreaterThan(0);
    // a region of its own keeps registering municipalities through catalog, whose topic several of
    // monitoring's read models follow, during the whole rebuild
    const other = '05';
    const writes = municipalitiesRegistering(call, isolated.serviceUrl('catalog'), other, (serial) => {
      const oktmo = `05${String(serial).padStart(6, '0')}`;
      return { oktmo, municipalityId: directoryId('municipality', other, oktmo) };
    });
    const rebuilt = await rebuildReadModels(call, monitoring, region);
    const written = await writes.stop();
    expect(rebuilt.names.length).toBeGreaterThanOrEqual(8);
    expect(written).toBeGreaterThan(0);
    // the swap took each rebuilt model in once it had caught up; the region wrote nothing since
    expect(await read()).toEqual(live);
    // and what was written meanwhile is all there, once each
    const otherAdmin = { subject: 'admin-05', role: 'ministry-admin', region: other } as const;
    await eventually(
      async () =>
        (
          await call<{ total?: number }>(
            'GET',
            `${monitoring}/indicators/samara/municipalities?region=${other}&year=${year}&indicator=teachers-with-deficits`,
            otherAdmin,
          )
        ).body.total,
      (total) => total === written,
      `the ${written} municipalities registered during the rebuild`,
    );
  }, 480_000);
});
