// Loads a planned region (region-plan.ts) into running services through their public HTTP APIs
// only — no write behind a service's back — in the order a region's year starts: the catalog's
// directories, the experts, the teachers, the programs through expertise into the register, then
// the year's vouchers. Every step is safe to run again: the imports answer "unchanged" for what is
// there, a draft or an expert that exists is taken as done, money is topped up to the plan, never
// added twice. So a load interrupted anywhere resumes by running it again, and doubles nothing.
import { issueToken, type Principal } from '@pk/auth';
import { until } from '@pk/test-kit';
import pLimit from 'p-limit';
import { regionToday } from '@pk/contracts';
import {
  attemptIdOf,
  campaignIdOf,
  courseOf,
  diagnosticsOf,
  offeringIdOf,
  monitoringSeasonOn,
  type PlannedProgram,
  type PlannedTeacher,
  type RegionPlan,
} from './region-plan';

export interface ServiceUrls {
  readonly catalog: string;
  readonly expertise: string;
  readonly vouchers: string;
  readonly diagnostics: string;
  readonly enrollment: string;
}

export interface LoadOptions {
  readonly urls: ServiceUrls;
  /** The stack's development signing key (PEM): the loader acts as the region's ministry. */
  readonly privateKeyPem: string;
  /** The year of the vouchers. */
  readonly year: number;
  /** Requests in flight at once for per-item steps (programs, experts, reviews). */
  readonly concurrency?: number;
  readonly log?: (line: string) => void;
}

export interface LoadReport {
  readonly steps: readonly { readonly step: string; readonly seconds: number; readonly detail: string }[];
}

/** Tariff per hour and the money of the demo year: enough for every voucher the plan issues. */
const COST_PER_HOUR = { variable: 250, internship: 300 };
/** The dearer of the two vouchers (seed 000): the budget covers every teacher at it. */
const LARGEST_VOUCHER = Math.max(
  72 * COST_PER_HOUR.variable,
  36 * COST_PER_HOUR.variable + 54 * COST_PER_HOUR.internship,
);

class LoadFailure extends Error {}

export async function loadRegion(plan: RegionPlan, options: LoadOptions): Promise<LoadReport> {
  const { urls, year, privateKeyPem } = options;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const concurrency = options.concurrency ?? 8;
  const region = plan.region;
  const admin: Principal = { subject: 'demo-region-loader', role: 'ministry-admin', region };
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (principal: Principal) => {
    const key = JSON.stringify(principal);
    if (!tokens.has(key)) tokens.set(key, issueToken(privateKeyPem, principal, { ttl: '2h' }));
    return tokens.get(key)!;
  };

  async function call<T = Record<string, unknown>>(
    method: string,
    url: string,
    body?: unknown,
    principal: Principal = admin,
  ): Promise<{ status: number; body: T; location: string | null }> {
    const csv = typeof body === 'string';
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${await tokenFor(principal)}`,
            ...(body === undefined ? {} : { 'content-type': csv ? 'text/csv' : 'application/json' }),
          },
          body: body === undefined ? undefined : csv ? body : JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
        const text = await response.text();
        // a replica behind (503 with Retry-After) or a service restarting: asked again shortly
        if ((response.status === 503 || response.status === 502) && attempt < 30) {
          await sleep(1_000);
          continue;
        }
        const parsed =
          text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
        return { status: response.status, body: parsed as T, location: response.headers.get('location') };
      } catch (error) {
        if (attempt >= 30) throw new LoadFailure(`${method} ${url}: ${(error as Error).message}`);
        await sleep(1_000); // refused or timed out: the service may be starting
      }
    }
  }

  const expect = (what: string, answer: { status: number; body: unknown }, ...ok: number[]) => {
    if (!ok.includes(answer.status)) {
      throw new LoadFailure(`${what}: HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 400)}`);
    }
  };

  /** Posts a CSV to a service's import and follows its report to the end, printing progress. */
  async function importFile(label: string, base: string, kind: string, file: string) {
    const started = await call<{ importId: string }>(
      'POST',
      `${base}/imports/${kind}?region=${region}`,
      file,
    );
    expect(`${label}: the import`, started, 202);
    const url = new URL(started.location ?? `/imports/${started.body.importId}`, `${base}/`).toString();
    let last = '';
    for (;;) {
      const report = await call<ImportReport>('GET', url);
      expect(`${label}: the import's report`, report, 200);
      const r = report.body;
      const line = `${label}: ${r.processed}/${r.totalRows} rows (${r.registered} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected)`;
      if (line !== last) log(line);
      last = line;
      if (r.status === 'finished') {
        for (const rejection of r.rejections.slice(0, 5)) {
          log(`  rejected line ${rejection.line}: ${rejection.reason}`);
        }
        return r;
      }
      if (r.status !== 'running') throw new LoadFailure(`${label}: the import is ${r.status}`);
      await sleep(500);
    }
  }

  /** Runs `work` over the items, `concurrency` at a time, printing progress every tenth. */
  async function each<T>(label: string, items: readonly T[], work: (item: T) => Promise<void>) {
    const limit = pLimit(concurrency);
    const step = Math.max(1, Math.floor(items.length / 10));
    let done = 0;
    await Promise.all(
      items.map((item) =>
        limit(async () => {
          await work(item);
          if (++done % step === 0 || done === items.length) log(`${label}: ${done}/${items.length}`);
        }),
      ),
    );
  }

  const steps: { step: string; seconds: number; detail: string }[] = [];
  async function step(name: string, run: () => Promise<string>) {
    const started = performance.now();
    log(`— ${name}`);
    const detail = await run();
    const seconds = (performance.now() - started) / 1000;
    steps.push({ step: name, seconds, detail });
    log(`  ${detail} (${seconds.toFixed(1)} s)`);
  }

  await step('municipalities, providers and organizations (catalog imports)', async () => {
    const municipalities = await importFile(
      'municipalities',
      urls.catalog,
      'municipalities',
      csvOf(
        ['oktmo', 'name', 'kind'],
        plan.municipalities.map((m) => [m.oktmo, m.name, m.kind]),
      ),
    );
    const providers = await importFile(
      'providers',
      urls.catalog,
      'providers',
      csvOf(
        ['inn', 'name', 'kind', 'ownership'],
        plan.providers.map((p) => [p.inn, p.name, p.kind, p.ownership]),
      ),
    );
    const oktmoOf = new Map(plan.municipalities.map((m) => [m.municipalityId, m.oktmo]));
    const organizations = await importFile(
      'organizations',
      urls.catalog,
      'organizations',
      csvOf(
        ['inn', 'name', 'kind', 'municipality_oktmo'],
        plan.organizations.map((o) => [o.inn, o.name, o.kind, oktmoOf.get(o.municipalityId)!]),
      ),
    );
    const rejected = municipalities.rejected + providers.rejected + organizations.rejected;
    if (rejected > 0) throw new LoadFailure(`the catalog rejected ${rejected} rows of the plan`);
    return `${plan.municipalities.length} municipalities, ${plan.providers.length} providers, ${plan.organizations.length} organizations`;
  });

  await step('experts (expertise)', async () => {
    // the same expert again is answered as registered and stores nothing new; one registered with
    // other subjects (an earlier version of the plan) is kept as it is
    await each('experts', plan.experts, async (expert) => {
      const answer = await call<{ code?: string }>('POST', `${urls.expertise}/experts`, {
        ...expert,
        region,
      });
      if (answer.status === 422 && answer.body.code === 'expert-already-registered') return;
      expect(`expert ${expert.expertId}`, answer, 201);
    });
    return `${plan.experts.length} experts in the region's pool`;
  });

  await step('teachers (diagnostics import)', async () => {
    const report = await importFile(
      'teachers',
      urls.diagnostics,
      'teachers',
      csvOf(
        [
          'snils',
          'last_name',
          'first_name',
          'patronymic',
          'organization_id',
          'municipality_id',
          'position',
          'subjects',
          'category',
          'category_since',
          'education',
          'last_training_on',
        ],
        plan.teachers.map((t) => [
          t.snils,
          t.lastName,
          t.firstName,
          t.patronymic,
          t.organizationId,
          t.municipalityId,
          t.position,
          t.subjects.join('|'),
          t.category,
          t.categorySince ?? '',
          'higher-pedagogical',
          t.lastTrainingOn ?? '',
        ]),
        ';',
      ),
    );
    if (report.rejected > 0)
      throw new LoadFailure(`diagnostics rejected ${report.rejected} teachers of the plan`);
    return `${report.registered} new, ${report.unchanged + report.updated} there before`;
  });

  await step('programs drafted and submitted (catalog)', async () => {
    let submitted = 0;
    await each('programs', plan.programs, async (program) => {
      const { programId, providerId, ...card } = program;
      const provider = providerPrincipal(program);
      const base = `${urls.catalog}/providers/${providerId}/programs`;
      const drafted = await call('POST', base, { programId, region, ...card }, provider);
      expect(`program ${programId}: the draft`, drafted, 201, 409);
      const submission = await call('POST', `${base}/${programId}/submission`, undefined, provider);
      // 409/422: submitted before (a resumed load), which the register step below follows up
      expect(`program ${programId}: the submission`, submission, 201, 409, 422);
      if (submission.status === 201) submitted++;
    });
    return `${submitted} submitted now, ${plan.programs.length - submitted} before`;
  });

  await step('internship sites (catalog)', async () => {
    // the year's two internship periods (spring and autumn), a group of twelve each
    const periods = [
      { startsOn: `${year}-03-02`, endsOn: `${year}-03-13`, places: 12 },
      { startsOn: `${year}-10-05`, endsOn: `${year}-10-16`, places: 12 },
    ];
    await each('internship sites', plan.internshipSites, async (site) => {
      // the same record again is answered as registered and stores nothing new
      const registered = await call('POST', `${urls.catalog}/internship-sites`, { ...site, region, periods });
      expect(`internship site ${site.inn}`, registered, 201);
    });
    const hosting = plan.internshipSites.filter((s) => s.programIds.length > 0).length;
    return `internship sites: ${plan.internshipSites.length}, hosting the plan's internships: ${hosting}`;
  });

  await step('programs reviewed by their experts into the register (expertise → catalog)', async () => {
    let approved = 0;
    await each('reviews', plan.programs, async (program) => {
      for (let attempt = 0; attempt < 600; attempt++) {
        const card = await call<{ status?: string }>(
          'GET',
          `${urls.catalog}/programs/${program.programId}`,
          undefined,
          providerPrincipal(program),
        );
        if (card.body.status === 'approved') {
          approved++;
          return;
        }
        const reviews = await call<{ cases?: ReviewCase[] }>(
          'GET',
          `${urls.expertise}/programs/${program.programId}/reviews`,
        );
        const open = (reviews.body.cases ?? []).find((c) => c.assignments.length >= 2);
        for (const assignment of open?.assignments.filter((a) => a.state === 'assigned') ?? []) {
          const scored = await call(
            'POST',
            `${urls.expertise}/review-cases/${open!.caseId}/scorecards`,
            {
              expertId: assignment.expertId,
              region,
              criteriaSet: { id: 'program-review', version: 1 },
              scores: CRITERIA.map((criterion) => ({ criterion, score: 3, comment: '' })),
              summary: 'Рекомендую к утверждению.',
            },
            { subject: assignment.expertId, role: 'expert', region },
          );
          expect(`program ${program.programId}: a scorecard`, scored, 201, 409);
        }
        await sleep(500);
      }
      throw new LoadFailure(`program ${program.programId} did not reach the register within 5 minutes`);
    });
    return `${approved} programs in the register`;
  });

  // the teachers' ids: diagnostics keeps the СНИЛС sealed and derives the id with a key of its own,
  // so the loader asks for each, as the ministry does for a teacher known by СНИЛС from its file
  const teacherIds = new Map<string, string>();
  const teacherIdOf = async (teacher: PlannedTeacher) => {
    const known = teacherIds.get(teacher.snils);
    if (known) return known;
    const found = await call<{ teacherId: string }>('POST', `${urls.diagnostics}/teachers/lookup`, {
      region,
      snils: teacher.snils,
    });
    expect(`the teacher of СНИЛС …${teacher.snils.slice(-4)}`, found, 200);
    teacherIds.set(teacher.snils, found.body.teacherId);
    return found.body.teacherId;
  };

  const taking = plan.teachers.filter((t) => diagnosticsOf(plan, t).takesPart);
  const withDeficits: PlannedTeacher[] = [];
  await step('the diagnostics of the year: attempts and deficits (diagnostics)', async () => {
    // the yearly monitoring running today (December to May), opened as the ministry opens it;
    // outside its season the teachers take the diagnostics on their own (no campaign)
    const season = monitoringSeasonOn(regionToday(region, new Date()));
    const campaignId = season === null ? null : campaignIdOf(plan, season);
    if (season !== null) {
      const opened = await call('POST', `${urls.diagnostics}/campaigns`, {
        campaignId,
        region,
        kind: 'yearly-monitoring',
        year: season,
        opensOn: `${season}-12-01`,
        closesOn: `${season + 1}-05-31`,
      });
      expect(`the monitoring of ${season}`, opened, 201);
    }
    const instruments = new Map<string, Promise<CompetencyTest>>();
    const instrumentFor = (position: string) => {
      if (!instruments.has(position)) instruments.set(position, competencyTestFor(position));
      return instruments.get(position)!;
    };
    let deficits = 0;
    await each('attempts', taking, async (teacher) => {
      const [teacherId, test] = await Promise.all([teacherIdOf(teacher), instrumentFor(teacher.position)]);
      const { isWeakIn } = diagnosticsOf(plan, teacher);
      const answers = test.items.map((item) => ({
        item: item.id,
        // a weak competency's items answered with another option than the key
        answer: isWeakIn(item.competency)
          ? Object.keys(item.options).find((key) => key !== item.correct)!
          : item.correct,
      }));
      const scored = await call<{ scores?: { deficit: boolean }[] }>(
        'POST',
        `${urls.diagnostics}/attempts`,
        {
          attemptId: attemptIdOf(plan, teacher.snils, year),
          teacherId,
          region,
          instrument: { id: test.id, version: test.version },
          campaignId,
          answers,
        },
        { subject: teacherId, role: 'teacher', region },
      );
      expect(`the attempt of teacher ${teacherId}`, scored, 201);
      const found = (scored.body.scores ?? []).filter((s) => s.deficit).length;
      deficits += found;
      if (found > 0) withDeficits.push(teacher);
    });
    return (
      `${taking.length} of ${plan.teachers.length} teachers took ${season === null ? 'the self-diagnostics' : `the monitoring of ${season}`}, ` +
      `${deficits} deficits in ${withDeficits.length} teachers`
    );
  });

  await step(`trajectories (ИОМ) of ${year} proposed from the deficits (diagnostics)`, async () => {
    const proposedFor = withDeficits.filter((t) => diagnosticsOf(plan, t).trajectoryProposed);
    let proposed = 0;
    await each('trajectories', proposedFor, async (teacher) => {
      const teacherId = await teacherIdOf(teacher);
      // the attempt's deficits reach the trajectories' replica through diagnostics' topic: a proposal
      // made before they arrive finds none and is asked again
      for (let attempt = 0; attempt < 120; attempt++) {
        const answer = await call<{ code?: string }>(
          'POST',
          `${urls.diagnostics}/teachers/${teacherId}/trajectories/${year}/proposal`,
          { region },
        );
        if (answer.status === 201) {
          proposed++;
          return;
        }
        const code = answer.status === 422 ? answer.body.code : undefined;
        if (code === 'trajectory-already-accepted') return; // the teacher's own since: kept
        if (code !== 'no-open-deficits') expect(`the trajectory of teacher ${teacherId}`, answer, 201);
        await sleep(500);
      }
      throw new LoadFailure(
        `the deficits of teacher ${teacherId} did not reach its trajectory within a minute`,
      );
    });
    return `${proposed} trajectories proposed for ${withDeficits.length} teachers with deficits`;
  });

  await step(`the vouchers of ${year} (vouchers)`, async () => {
    const tariff = await call('PUT', `${urls.vouchers}/tariffs/${region}/${year}`, {
      costPerHour: COST_PER_HOUR,
    });
    expect('the tariff', tariff, 200);
    // every teacher at the largest voucher: the plan never runs out of money
    const perMunicipality = new Map<string, number>();
    for (const t of plan.teachers) {
      perMunicipality.set(t.municipalityId, (perMunicipality.get(t.municipalityId) ?? 0) + 1);
    }
    const amount = plan.teachers.length * LARGEST_VOUCHER;
    expect('the budget', await call('PUT', `${urls.vouchers}/budgets/${region}/${year}`, { amount }), 200);
    for (const [municipalityId, teachers] of perMunicipality) {
      const planned = teachers * LARGEST_VOUCHER;
      const current = await call<{ allotment?: number }>(
        'GET',
        `${urls.vouchers}/budgets/${region}/${year}/allotments/${municipalityId}`,
      );
      const missing = planned - (current.status === 200 ? (current.body.allotment ?? 0) : 0);
      if (missing > 0) {
        const allotted = await call('POST', `${urls.vouchers}/budgets/${region}/${year}/allotments`, {
          municipalityId,
          amount: missing,
        });
        expect(`the allotment of ${municipalityId}`, allotted, 201);
      }
    }
    for (const [n, provider] of plan.providers.entries()) {
      const found = await call('GET', `${urls.vouchers}/contracts/${region}/${year}/${provider.providerId}`);
      if (found.status === 200) continue;
      const signed = await call('POST', `${urls.vouchers}/contracts`, {
        region,
        year,
        providerId: provider.providerId,
        number: `ИОЧ-${year}/${region}-${n + 1}`,
        signedOn: `${year}-01-15`,
        validUntil: `${year}-12-31`,
      });
      expect(`the contract of ${provider.providerId}`, signed, 201);
    }
    // every teacher the seed gives a voucher: the list vouchers writes itself, posted to its import
    const list = await call<string>('GET', `${urls.vouchers}/issue-lists/${region}/${year}`);
    expect('the issue list', list, 200);
    const report = await importFile('vouchers', urls.vouchers, 'vouchers', list.body);
    return `${report.registered} issued now, ${report.unchanged} before, ${report.rejected} refused`;
  });

  await step(`the courses of ${year} (catalog, enrollment)`, courses);

  return { steps };

  /**
   * The year's courses: an offering (поток) of each program someone applies to, the applications
   * (voucher or employer), the schools' approvals, vouchers' blocks; then, for the courses that
   * started, the groups formed or cancelled, the results and the feedback. The services keep real
   * time, so the offerings a load opens start tomorrow (catalog starts an offering when its first day
   * begins, ending its enrollment): a load applies, approves and funds today, and the same load run
   * again once they started records their results and feedback.
   */
  async function courses(): Promise<string> {
    const today = regionToday(region, new Date());
    const day = (days: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const applicants = plan.teachers.flatMap((teacher, serial) => {
      const course = courseOf(plan, teacher);
      if (!course) return [];
      return [{ teacher, serial, course, offeringId: offeringIdOf(plan, course.program.programId, year) }];
    });
    const programs = [
      ...new Map(applicants.map((a) => [a.course.program.programId, a.course.program])).values(),
    ];
    const offeringIdOfProgram = (program: PlannedProgram) => offeringIdOf(plan, program.programId, year);

    await each('offerings', programs, async (program) => {
      const opened = await call<{ code?: string }>(
        'POST',
        `${urls.catalog}/providers/${program.providerId}/offerings`,
        {
          offeringId: offeringIdOfProgram(program),
          programId: program.programId,
          region,
          startsOn: day(1),
          endsOn: day(12),
          enrollmentDeadline: day(1),
          online: true,
          place: '',
          capacity: 25,
          minimumGroupSize: 3,
        },
        providerPrincipal(program),
      );
      // opened by a load of an earlier day, with that day's dates: kept as it is
      if (opened.status === 422 && opened.body.code === 'offering-already-opened') return;
      expect(`the offering of program ${program.programId}`, opened, 201);
    });

    type Applied = { applicationId: string; status: string; place: string; feedbackGiven?: boolean };
    const read = async (offeringId: string, applicationId: string) =>
      (await call<Applied>('GET', `${urls.enrollment}/offerings/${offeringId}/applications/${applicationId}`))
        .body;
    const applications = new Map<string, { teacherId: string; applicationId: string }>();
    await each('applications', applicants, async ({ teacher, course, offeringId }) => {
      const teacherId = await teacherIdOf(teacher);
      const asTeacher: Principal = { subject: teacherId, role: 'teacher', region };
      const listed = await call<{ applications: (Applied & { offeringId: string })[] }>(
        'GET',
        `${urls.enrollment}/teachers/${teacherId}/applications`,
        undefined,
        asTeacher,
      );
      expect(`the applications of teacher ${teacherId}`, listed, 200);
      // the plan's application to the offering, made by an earlier load
      let application: Applied | undefined = listed.body.applications.find(
        (a) => a.offeringId === offeringId,
      );
      if (!application) {
        if (course.route === 'voucher') {
          // the bulk issue's vouchers follow its answer: the teacher applies once it holds its own
          await until(
            async () => {
              const held = await call<{ vouchers?: unknown[] }>(
                'GET',
                `${urls.vouchers}/teachers/${teacherId}/vouchers`,
                undefined,
                asTeacher,
              );
              return (held.body.vouchers ?? []).length > 0;
            },
            `the voucher of teacher ${teacherId}`,
            TOPICS,
          );
        }
        // enrollment hears of the offering from catalog's topic: until then it is not found
        let applied = { status: 0, body: {} as { applicationId?: string; code?: string } };
        await until(
          async () => {
            applied = await call(
              'POST',
              `${urls.enrollment}/offerings/${offeringId}/applications`,
              { organizationId: teacher.organizationId, route: course.route },
              asTeacher,
            );
            return !(applied.status === 404 && applied.body.code === 'offering-not-found');
          },
          `offering ${offeringId} in enrollment`,
          TOPICS,
        );
        expect(`the application of teacher ${teacherId}`, applied, 201);
        application = { applicationId: applied.body.applicationId!, status: 'awaiting-approval', place: '' };
      }
      applications.set(teacher.snils, { teacherId, applicationId: application.applicationId });
      if (application.status === 'awaiting-approval') {
        const coordinator: Principal = {
          subject: `demo-coordinator-${teacher.organizationId}`,
          role: 'school-coordinator',
          region,
          organization: teacher.organizationId,
        };
        const approved = await call(
          'POST',
          `${urls.enrollment}/offerings/${offeringId}/applications/${application.applicationId}/approval`,
          undefined,
          coordinator,
        );
        expect(`the approval of application ${application.applicationId}`, approved, 201);
      }
    });

    // each application funded (vouchers answers the block request through the topics), waitlisted or ended
    await each('funding', applicants, async ({ teacher, offeringId }) => {
      const { applicationId } = applications.get(teacher.snils)!;
      await until(
        async () => {
          const now = await read(offeringId, applicationId);
          return !['approved', 'awaiting-block'].includes(now.status) || now.place === 'waitlist';
        },
        `application ${applicationId} funded or ended`,
        TOPICS,
      );
    });

    // the courses that started: catalog ended their enrollment, enrollment formed or cancelled the group
    const started = new Set<string>();
    let formed = 0;
    let cancelled = 0;
    await each('groups', programs, async (program) => {
      const offeringId = offeringIdOfProgram(program);
      const listed = await call<{ offeringId: string; startsOn: string }[]>(
        'GET',
        `${urls.catalog}/programs/${program.programId}/offerings`,
        undefined,
        providerPrincipal(program),
      );
      expect(`the offerings of program ${program.programId}`, listed, 200);
      const startsOn = listed.body.find((o) => o.offeringId === offeringId)?.startsOn;
      if (startsOn === undefined || startsOn > today) return;
      await until(
        async () => {
          const group = await call<{ status: string }>(
            'GET',
            `${urls.enrollment}/offerings/${offeringId}/group`,
            undefined,
            providerPrincipal(program),
          );
          if (group.body.status === 'formed') formed++;
          if (group.body.status === 'cancelled') cancelled++;
          return group.body.status !== 'open';
        },
        `the group of offering ${offeringId}`,
        TOPICS,
      );
      started.add(offeringId);
    });

    const tally = { enrolled: 0, ended: 0, waitlisted: 0, completed: 0, notCompleted: 0, feedback: 0 };
    await each('results', applicants, async ({ teacher, serial, course, offeringId }) => {
      const { teacherId, applicationId } = applications.get(teacher.snils)!;
      const base = `${urls.enrollment}/offerings/${offeringId}/applications/${applicationId}`;
      const provider = providerPrincipal(course.program);
      let now = await read(offeringId, applicationId);
      if (now.status === 'confirmed' && started.has(offeringId)) {
        const recorded = course.completes
          ? await call(
              'POST',
              `${base}/completion`,
              {
                kind: course.program.kind,
                hours: course.program.hours,
                certificateNumber: `${region}-${year}-${String(serial + 1).padStart(6, '0')}`,
                completedOn: today,
              },
              provider,
            )
          : await call(
              'POST',
              `${base}/non-completion`,
              { code: 'dropped-out', reason: 'отчислен по собственному желанию', endedOn: today },
              provider,
            );
        expect(`the result of application ${applicationId}`, recorded, 201);
        now = await read(offeringId, applicationId);
      }
      if (now.status === 'completed' && course.feedback && !now.feedbackGiven) {
        const given = await call('POST', `${base}/feedback`, course.feedback, {
          subject: teacherId,
          role: 'teacher',
          region,
        });
        expect(`the feedback on application ${applicationId}`, given, 201);
      }
      if (now.status === 'completed') {
        tally.completed++;
        if (course.feedback) tally.feedback++;
      } else if (now.status === 'not-completed') tally.notCompleted++;
      else if (now.status === 'confirmed') tally.enrolled++;
      else if (now.place === 'waitlist') tally.waitlisted++;
      else tally.ended++;
    });

    const courseStart = started.size === programs.length ? '' : `, the others start ${day(1)} or later`;
    return (
      `${programs.length} offerings, ${started.size} started (${formed} groups formed, ${cancelled} cancelled${courseStart}); ` +
      `${applicants.length} applications: ${tally.enrolled} enrolled, ${tally.waitlisted} waitlisted, ${tally.ended} ended; ` +
      `${tally.completed} completed, ${tally.notCompleted} not; ${tally.feedback} gave feedback`
    );
  }

  /** The competency test a position takes, with its keys (the ministry may read them). */
  async function competencyTestFor(position: string): Promise<CompetencyTest> {
    const forms = await call<{ instruments: { id: string; version: number; kind: string }[] }>(
      'GET',
      `${urls.diagnostics}/instruments?position=${position}`,
    );
    expect(`the instruments of ${position}`, forms, 200);
    const form = forms.body.instruments.find((i) => i.kind === 'competency-test');
    if (!form) throw new LoadFailure(`diagnostics has no competency test for ${position}`);
    const whole = await call<CompetencyTest>(
      'GET',
      `${urls.diagnostics}/instruments/${form.id}/${form.version}`,
    );
    expect(`the instrument ${form.id} v${form.version}`, whole, 200);
    return whole.body;
  }

  function providerPrincipal(program: PlannedProgram): Principal {
    return {
      subject: `demo-${program.providerId}`,
      role: 'provider',
      region,
      organization: program.providerId,
    };
  }
}

interface ImportReport {
  readonly status: 'running' | 'finished' | 'interrupted';
  readonly totalRows: number;
  readonly processed: number;
  readonly registered: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly rejections: readonly { readonly line: number; readonly reason: string }[];
}

interface CompetencyTest {
  readonly id: string;
  readonly version: number;
  readonly items: readonly {
    readonly id: string;
    readonly competency: string;
    readonly options: Readonly<Record<string, string>>;
    readonly correct: string;
  }[];
}

interface ReviewCase {
  readonly caseId: string;
  readonly assignments: readonly { readonly expertId: string; readonly state: string }[];
}

const CRITERIA = [
  'relevance',
  'practice-orientation',
  'planned-results',
  'assessment-materials',
  'staffing-and-resources',
] as const;

/** A CSV file: cells quoted when they hold the separator, a quote or a line break; quotes doubled. */
export function csvOf(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  separator = ';',
): string {
  const cell = (value: string | number) => {
    const text = String(value);
    return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(separator)).join('\r\n');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the services do through their topics: asked twice a second, for at most two minutes. */
const TOPICS = { timeoutMs: 120_000, pollMs: 500 };
