import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Principal } from '@pk/auth';
import { directoryId, regionToday, snilsCheckNumber } from '@pk/contracts';
import { type IsolatedStack, SHARED_STACK_START_MS, sharedStack } from '../local/isolated-stack';
import {
  eventually,
  importTeachers,
  programCard,
  reviewedIntoRegister,
  stackClient,
  voucherYear,
} from './stack-client';

// Monitoring's figures of a region small enough to check on paper (issue 20, the first «done when»),
// over the real processes of the stack the e2e files share; this file's data is region 38's, which no
// other file uses. Everything goes through the services' HTTP APIs with tokens, as the region's people
// would do it — the ministry, the provider, experts, school coordinators, teachers, the municipal
// operators — and monitoring learns it all from the services' topics. Nothing is written to a store
// or published to Kafka by the test.
//
// The region: two municipalities, three schools, seven teachers (all «учитель», physics).
//   Город (MA): school A1 — anna, boris, vera; school A2 — gleb.
//   Район (MB): school B1 — dina, egor, zoya.
// Three programs of one provider, each through expertise into the register:
//   P1 advanced training, 36 h, blended, develops R/01, employers assess its results, voucher-eligible;
//   P2 retraining, 260 h, distance, develops R/05;
//   P3 advanced training, an internship of 54 h, develops R/03 — no deficit of anyone's.
// What happens this year (Y, the region's calendar year today):
//   anna  — the platform's test (no campaign: self-diagnostics) finds a deficit in R/01; a route (ИОМ)
//           proposed and accepted, with P1 in it; P1 on her voucher, completed.
//   boris — the school's ГИА analysis (an external result, source exam-analysis) finds a deficit in
//           R/01; P1 paid by the employer, completed.
//   vera  — first category awarded today; P1 paid by the employer, dropped out.
//           anna, boris and vera: three of school A1 in one group of P1 — team training (row 3.6).
//   gleb  — highest category awarded last year; P2 (retraining) paid by the employer, completed.
//   dina  — the platform's test finds a deficit in R/06, which no program develops; a route proposed
//           (not accepted); P3 paid by the employer, completed, and she rates the course.
//   egor  — highest category awarded last year; nothing else.
//   zoya  — nothing: in the register only.
// The municipal operator of Город records rows 1 (yes), 2.1 (no) and q2.1 (yes); the ministry records
// row 1 (yes) for Район. Nothing happened last year but the two categories awarded then.
//
// The offerings open for a few days on and the provider starts each early (catalog's
// POST …/offerings/{id}/start), so results are recorded today: an offering catalog opened for today
// would start, and end its enrollment, before anyone could apply. So on 31 December (no later day
// left in the vouchers' year) this file cannot run — as enrollment.e2e cannot.
describe('monitoring: the Samara indicators and the Irbey scores of a region computed on paper (e2e)', () => {
  let isolated: IsolatedStack;
  const client = stackClient(() => isolated);
  const { call } = client;
  let CATALOG: string;
  let EXPERTISE: string;
  let DIAGNOSTICS: string;
  let VOUCHERS: string;
  let ENROLLMENT: string;
  let MONITORING: string;

  const region = '38';
  const today = regionToday(region, new Date());
  const Y = Number(today.slice(0, 4));
  const dayAfter = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const later = dayAfter(today, 3) <= `${Y}-12-31` ? dayAfter(today, 3) : `${Y}-12-31`;

  // directory ids derive from region and ОКТМО or ИНН (npm run directory-id)
  const MA = directoryId('municipality', region, '25701000');
  const MB = directoryId('municipality', region, '25612000');
  const providerId = directoryId('provider', region, '3808038380');
  const schools = {
    A1: { organizationId: directoryId('organization', region, '3811038001'), municipalityId: MA },
    A2: { organizationId: directoryId('organization', region, '3811038002'), municipalityId: MA },
    B1: { organizationId: directoryId('organization', region, '3811038003'), municipalityId: MB },
  } as const;
  type School = keyof typeof schools;

  const admin: Principal = { subject: 'admin-38', role: 'ministry-admin', region };
  const provider: Principal = { subject: 'provider-38', role: 'provider', region, organization: providerId };
  const operatorOf = (municipality: string, subject: string): Principal => ({
    subject,
    role: 'municipal-operator',
    region,
    municipality,
  });
  const operatorA = operatorOf(MA, 'operator-38-gorod');
  const operatorB = operatorOf(MB, 'operator-38-raion');
  const coordinatorOf = (school: School): Principal => ({
    subject: `coordinator-38-${school}`,
    role: 'school-coordinator',
    region,
    organization: schools[school].organizationId,
  });
  const asTeacher = (teacherId: string): Principal => ({ subject: teacherId, role: 'teacher', region });

  const snilsOf = (nine: string) => `${nine}${snilsCheckNumber(nine)}`;
  /** The register: school, name, category and the day it was awarded. */
  const people = {
    anna: { snils: snilsOf('381000001'), school: 'A1', name: 'Белова;Анна;Олеговна', category: 'none;' },
    boris: { snils: snilsOf('381000002'), school: 'A1', name: 'Киселёв;Борис;Ильич', category: 'none;' },
    vera: {
      snils: snilsOf('381000003'),
      school: 'A1',
      name: 'Лаврова;Вера;Петровна',
      category: `first;${today}`,
    },
    gleb: {
      snils: snilsOf('381000004'),
      school: 'A2',
      name: 'Носов;Глеб;Андреевич',
      category: `highest;${Y - 1}-05-20`,
    },
    dina: { snils: snilsOf('381000005'), school: 'B1', name: 'Орлова;Дина;Сергеевна', category: 'none;' },
    egor: {
      snils: snilsOf('381000006'),
      school: 'B1',
      name: 'Панов;Егор;Викторович',
      category: `highest;${Y - 1}-03-10`,
    },
    zoya: { snils: snilsOf('381000007'), school: 'B1', name: 'Рябова;Зоя;Ивановна', category: 'none;' },
  } as const;
  type Person = keyof typeof people;
  const teacher = {} as Record<Person, string>;

  const programs = {
    P1: programCard('Функциональная грамотность на уроках физики', { competencies: ['R/01'] }),
    P2: programCard('Педагогика и методика преподавания физики', {
      kind: 'retraining',
      hours: 260,
      format: 'distance',
      competencies: ['R/05'],
      voucherEligible: false,
      employerAssessment: false,
    }),
    P3: programCard('Стажировка: школьная лаборатория физики', {
      hours: 54,
      format: 'internship',
      competencies: ['R/03'],
      voucherEligible: false,
      employerAssessment: false,
    }),
  };
  type Program = keyof typeof programs;
  const programId = {} as Record<Program, string>;

  beforeAll(async () => {
    isolated = await sharedStack();
    CATALOG = isolated.serviceUrl('catalog');
    EXPERTISE = isolated.serviceUrl('expertise');
    DIAGNOSTICS = isolated.serviceUrl('diagnostics');
    VOUCHERS = isolated.serviceUrl('vouchers');
    ENROLLMENT = isolated.serviceUrl('enrollment');
    MONITORING = isolated.serviceUrl('monitoring');
    // the first e2e file to ask starts the shared stack: on two busy cores that alone took over 2 min
  }, 300_000);

  afterAll(async () => {
    await isolated?.remove();
  }, SHARED_STACK_START_MS);

  // Each step builds on the one before: after a failed one the rest fail at once, pointing to it,
  // instead of each waiting out its polls on the shared machine.
  const stepsDone = new Set<string>();
  const after = (step: string) => {
    if (!stepsDone.has(step)) throw new Error(`the scenario stopped before «${step}» ended: see its failure`);
  };

  const created = (answers: readonly { status: number; body: unknown }[], status = 201) =>
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => status));

  // ─── the region's year, over the services' APIs ───────────────────────────────────────────────────

  it('registers the directories, the teachers and the programs, and takes the programs into the register', async () => {
    created(
      await Promise.all([
        call('POST', `${CATALOG}/municipalities`, admin, {
          municipalityId: MA,
          region,
          name: 'Город',
          kind: 'urban-district',
          oktmo: '25701000',
        }),
        call('POST', `${CATALOG}/municipalities`, admin, {
          municipalityId: MB,
          region,
          name: 'Район',
          kind: 'municipal-district',
          oktmo: '25612000',
        }),
        call('POST', `${CATALOG}/providers`, admin, {
          providerId,
          region,
          name: 'ГАУ ДПО ИРО Иркутской области',
          inn: '3808038380',
          ownership: 'state',
          kind: 'dpo-institute',
        }),
        // three experts of other organizations: two review each program
        ...[1, 2, 3].map(() =>
          call('POST', `${EXPERTISE}/experts`, admin, {
            expertId: randomUUID(),
            organizationId: randomUUID(),
            region,
            subjects: ['physics'],
            competencies: ['R/01', 'R/03', 'R/05'],
          }),
        ),
      ]),
    );
    // the schools after their municipalities: catalog refuses an organization of an unknown one
    created(
      await Promise.all(
        (Object.keys(schools) as School[]).map((school, i) =>
          call('POST', `${CATALOG}/organizations`, admin, {
            ...schools[school],
            region,
            name: `МБОУ «Школа № ${i + 1}»`,
            kind: 'school',
            inn: `381103800${i + 1}`,
          }),
        ),
      ),
    );

    const rows = Object.values(people).map(({ snils, school, name, category }) => {
      const { organizationId, municipalityId } = schools[school];
      return `${snils};${name};${organizationId};${municipalityId};teacher;physics;${category};higher-pedagogical;`;
    });
    // diagnostics refuses a teacher of a school it has not yet heard of on catalog's topic: the file
    // is posted again until no row is refused (a teacher imported before is answered "unchanged")
    const importing = eventually(
      () => importTeachers(client, DIAGNOSTICS, { region, admin }, rows),
      (report) => report.rejected === 0,
      "the teachers imported, once diagnostics knows the schools from catalog's topic",
    );
    const approving = Promise.all((Object.keys(programs) as Program[]).map(intoRegister));
    // the ministry's side meanwhile: the vouchers' year of Город (anna's voucher is the only one)
    await voucherYear(call, VOUCHERS, {
      region,
      year: Y,
      admin,
      providerId,
      municipalityId: MA,
      costPerHour: { variable: 250, internship: 300 },
    });
    await importing;
    await Promise.all(
      (Object.keys(people) as Person[]).map(async (who) => {
        const found = await call<{ teacherId: string }>('POST', `${DIAGNOSTICS}/teachers/lookup`, admin, {
          region,
          snils: people[who].snils,
        });
        expect(found.status).toBe(200);
        teacher[who] = found.body.teacherId;
      }),
    );
    await approving;
    stepsDone.add('the directories, teachers and programs');
  });

  /** A program drafted, submitted, scored high by both assigned experts and shown approved by catalog. */
  async function intoRegister(program: Program): Promise<void> {
    const id = randomUUID();
    const base = `${CATALOG}/providers/${providerId}/programs`;
    expect((await call('POST', base, provider, { programId: id, region, ...programs[program] })).status).toBe(
      201,
    );
    expect((await call('POST', `${base}/${id}/submission`, provider)).status).toBe(201);
    await reviewedIntoRegister(
      call,
      { catalog: CATALOG, expertise: EXPERTISE },
      { region, admin, asProvider: provider, programId: id },
    );
    programId[program] = id;
  }

  it('finds the deficits, proposes the routes, and the operators record what no event can tell', async () => {
    after('the directories, teachers and programs');
    const key = await call<{ items: { id: string; competency: string; options: object; correct: string }[] }>(
      'GET',
      `${DIAGNOSTICS}/instruments/teacher-core/1`,
      admin,
    );
    expect(key.status).toBe(200);
    /** The platform's test, wrong on every item of one competency: a deficit in it, in nothing else. */
    const attempt = (who: Person, weakIn: string) =>
      call('POST', `${DIAGNOSTICS}/attempts`, asTeacher(teacher[who]), {
        attemptId: randomUUID(),
        teacherId: teacher[who],
        region,
        instrument: { id: 'teacher-core', version: 1 },
        campaignId: null,
        answers: key.body.items.map((item) => ({
          item: item.id,
          answer:
            item.competency === weakIn
              ? Object.keys(item.options).find((option) => option !== item.correct)!
              : item.correct,
        })),
      });
    created(
      await Promise.all([
        attempt('anna', 'R/01'),
        attempt('dina', 'R/06'),
        // the school's ГИА analysis: 40 % in R/01 is below the threshold of 60, 80 % in R/03 is not
        call('POST', `${DIAGNOSTICS}/external-results`, admin, {
          resultId: randomUUID(),
          teacherId: teacher.boris,
          region,
          source: 'exam-analysis',
          recordedOn: today,
          scores: [
            { competency: 'R/01', score: 40 },
            { competency: 'R/03', score: 80 },
          ],
        }),
      ]),
    );

    interface Trajectory {
      status?: string;
      items?: { kind: string; programId: string | null }[];
    }
    const trajectoryOf = async (who: Person) =>
      (
        await call<Trajectory>(
          'GET',
          `${DIAGNOSTICS}/teachers/${teacher[who]}/trajectories/${Y}?region=${region}`,
          asTeacher(teacher[who]),
        )
      ).body;
    /** Proposed (again) until the replicas hold the deficits and, for anna, P1 is in the route. */
    const propose = (who: Person, done: (t: Trajectory) => boolean) =>
      eventually(
        async () => {
          const proposed = await call(
            'POST',
            `${DIAGNOSTICS}/teachers/${teacher[who]}/trajectories/${Y}/proposal`,
            asTeacher(teacher[who]),
            { region },
          );
          return proposed.status === 201 ? trajectoryOf(who) : {};
        },
        done,
        `the route of ${who} for ${Y}`,
      );
    await Promise.all([
      propose('anna', (t) => (t.items ?? []).some((i) => i.programId === programId.P1)),
      propose('dina', (t) => (t.items ?? []).length > 0),
    ]);
    // anna accepts hers as proposed; dina's stays a proposal
    expect(
      (
        await call(
          'PUT',
          `${DIAGNOSTICS}/teachers/${teacher.anna}/trajectories/${Y}`,
          asTeacher(teacher.anna),
          {
            region,
            drop: [],
            add: [],
          },
        )
      ).status,
    ).toBe(200);

    // monitoring knows a municipality from catalog's topic: 404 municipality-not-found until then
    const record = (who: Principal, municipality: string, criterion: string, met: boolean, comment: string) =>
      eventually(
        () =>
          call('PUT', `${MONITORING}/indicators/irbey/${municipality}/${Y}/criteria/${criterion}`, who, {
            met,
            comment,
          }),
        (answer) => answer.status === 200,
        `row ${criterion} of ${municipality} recorded`,
      );
    await Promise.all([
      record(operatorA, MA, '1', true, 'Перечень программ ИРО размещён на сайте ММЦ'),
      record(operatorA, MA, '2.1', false, 'Муниципальный заказ на год не сформирован'),
      record(operatorA, MA, 'q2.1', true, 'Анкетирование слушателей после курсов'),
      record(admin, MB, '1', true, 'Проверено министерством: раздел на сайте управления образования'),
    ]);
    // a row the platform computes is not the operator's to record
    const computed = await call('PUT', `${MONITORING}/indicators/irbey/${MA}/${Y}/criteria/3.4`, operatorA, {
      met: true,
      comment: '',
    });
    expect(computed).toMatchObject({ status: 422, body: { code: 'criterion-not-recorded' } });
    stepsDone.add('the diagnostics and records');
  });

  interface ApplicationView {
    status: string;
  }
  const groupOf = async (offeringId: string) =>
    (await call<{ status?: string }>('GET', `${ENROLLMENT}/offerings/${offeringId}/group`, provider)).body;

  it('runs the courses: applications, groups formed, completions, a dropout and feedback', async () => {
    after('the diagnostics and records');
    // anna's voucher, once vouchers' replica has her from diagnostics' topic
    await eventually(
      () => call('POST', `${VOUCHERS}/vouchers`, admin, { teacherId: teacher.anna, region, year: Y }),
      (answer) => answer.status === 201,
      "anna's voucher issued",
    );

    const offering = { P1: randomUUID(), P2: randomUUID(), P3: randomUUID() } as Record<Program, string>;
    created(
      await Promise.all(
        (Object.keys(offering) as Program[]).map((program) =>
          call('POST', `${CATALOG}/providers/${providerId}/offerings`, provider, {
            offeringId: offering[program],
            programId: programId[program],
            region,
            startsOn: later,
            endsOn: dayAfter(later, 10),
            enrollmentDeadline: later,
            ...(program === 'P3'
              ? { online: false, place: 'МБОУ «Школа № 3», кабинет физики' }
              : { online: true, place: '' }),
            capacity: 5,
            minimumGroupSize: 1,
          }),
        ),
      ),
    );

    const enrolments: { who: Person; program: Program; route: 'voucher' | 'employer' }[] = [
      { who: 'anna', program: 'P1', route: 'voucher' },
      { who: 'boris', program: 'P1', route: 'employer' },
      { who: 'vera', program: 'P1', route: 'employer' },
      { who: 'gleb', program: 'P2', route: 'employer' },
      { who: 'dina', program: 'P3', route: 'employer' },
    ];
    const applicationOf = {} as Record<Person, string>;
    await Promise.all(
      enrolments.map(async ({ who, program, route }) => {
        const school = people[who].school;
        // until enrollment has the offering (catalog's topic) and the teacher (diagnostics')
        const applied = await eventually(
          () =>
            call<{ applicationId: string }>(
              'POST',
              `${ENROLLMENT}/offerings/${offering[program]}/applications`,
              asTeacher(teacher[who]),
              { organizationId: schools[school].organizationId, route },
            ),
          (answer) => answer.status === 201,
          `the application of ${who}`,
        );
        applicationOf[who] = applied.body.applicationId;
        const url = `${ENROLLMENT}/offerings/${offering[program]}/applications/${applicationOf[who]}`;
        expect((await call('POST', `${url}/approval`, coordinatorOf(school))).status).toBe(201);
        // the voucher's block reserved (vouchers answers through the topics), or the employer's at once
        await eventually(
          async () => (await call<ApplicationView>('GET', url, asTeacher(teacher[who]))).body.status,
          (status) => status === 'confirmed',
          `the enrollment of ${who} confirmed`,
        );
      }),
    );

    // the provider starts each course early: catalog closes enrollment, enrollment forms the group
    await Promise.all(
      (Object.keys(offering) as Program[]).map(async (program) => {
        const started = await call(
          'POST',
          `${CATALOG}/providers/${providerId}/offerings/${offering[program]}/start`,
          provider,
        );
        expect(started.status).toBe(201);
        await eventually(
          () => groupOf(offering[program]),
          (group) => group.status === 'formed',
          `the group of ${program} formed`,
        );
      }),
    );

    const result = (who: Person, program: Program, path: string, body: unknown) =>
      call(
        'POST',
        `${ENROLLMENT}/offerings/${offering[program]}/applications/${applicationOf[who]}/${path}`,
        path === 'feedback' ? asTeacher(teacher[who]) : provider,
        body,
      );
    const completion = (kind: string, hours: number, n: number) => ({
      kind,
      hours,
      certificateNumber: `38-${Y}-${String(n).padStart(6, '0')}`,
      completedOn: today,
    });
    created(
      await Promise.all([
        result('anna', 'P1', 'completion', completion('advanced-training', 36, 1)),
        result('boris', 'P1', 'completion', completion('advanced-training', 36, 2)),
        result('vera', 'P1', 'non-completion', {
          code: 'dropped-out',
          reason: 'отчислена по собственному желанию',
          endedOn: today,
        }),
        result('gleb', 'P2', 'completion', completion('retraining', 260, 3)),
        result('dina', 'P3', 'completion', completion('advanced-training', 54, 4)),
      ]),
    );
    expect(
      (
        await result('dina', 'P3', 'feedback', {
          content: 5,
          practiceOrientation: 5,
          teachers: 4,
          organization: 4,
          comment: 'Полезная стажировка',
        })
      ).status,
    ).toBe(201);
    stepsDone.add('the courses');
  });

  // ─── what monitoring makes of it ──────────────────────────────────────────────────────────────────

  /**
   * Polls until the answer, as `view` reads it, equals the expectation (monitoring follows the topics),
   * then asserts it — so a figure that never comes shows as a diff against the paper's, not a timeout.
   */
  async function settlesTo<T, V>(probe: () => Promise<T>, view: (answer: T) => V, expected: V) {
    after('the courses');
    let last: V | undefined;
    for (let i = 0; i < 300; i++) {
      last = view(await probe());
      if (isDeepStrictEqual(last, expected)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(last).toEqual(expected);
  }

  interface Value {
    numerator: number;
    denominator: number;
    percent: number | null;
    noData: string | null;
  }
  interface SamaraAnswer {
    indicators?: { id: string; current: Value; previous: Value; change: number | null }[];
  }
  /** [numerator, denominator, percent] this year, the same last year, and the change in points. */
  type Paper = Record<
    string,
    [[number, number, number | null], [number, number, number | null], number | null]
  >;
  const samaraView = (answer: SamaraAnswer): Paper =>
    Object.fromEntries(
      (answer.indicators ?? []).map(({ id, current, previous, change }) => [
        id,
        [
          [current.numerator, current.denominator, current.percent],
          [previous.numerator, previous.denominator, previous.percent],
          change,
        ],
      ]),
    );
  const samara = (scope: string) => async () =>
    (await call<SamaraAnswer>('GET', `${MONITORING}/indicators/samara?year=${Y}${scope}`, admin)).body;

  it('gives the Samara indicators of Город as counted on paper', async () => {
    // Город: 4 teachers in the register (anna, boris, vera, gleb) — every teacher share's denominator,
    // this year and last (the register as it stands today).
    await settlesTo(samara(`&municipalityId=${MA}`), samaraView, {
      // anna (R/01, the platform's test) and boris (R/01, ГИА analysis): 2 of 4 = 50 %; last year none
      'teachers-with-deficits': [[2, 4, 50], [0, 4, 0], 50],
      // the year's deficit competencies {R/01}; P1 (approved) develops R/01: 1 of 1. Last year no
      // deficits: no denominator, so no value and no change
      'deficit-competencies-covered': [[1, 1, 100], [0, 0, null], null],
      // anna and boris completed P1, which develops their R/01; vera dropped out, gleb's P2 develops
      // R/05 (no deficit of his): 2 of 4
      'teachers-trained-on-deficits': [[2, 4, 50], [0, 4, 0], 50],
      // a route proposed for this year to anna only: 1 of 4
      'teachers-with-trajectories': [[1, 4, 25], [0, 4, 0], 25],
      // vera's first category today: 1 of 4; last year gleb's highest: 1 of 4; no change
      'teachers-raised-category': [[1, 4, 25], [1, 4, 25], 0],
      // gleb completed P2, a retraining: 1 of 4
      'teachers-retrained': [[1, 4, 25], [0, 4, 0], 25],
    });
  });

  it('gives the Samara indicators of Район as counted on paper', async () => {
    // Район: 3 teachers in the register (dina, egor, zoya)
    await settlesTo(samara(`&municipalityId=${MB}`), samaraView, {
      // dina (R/06): 1 of 3 = 33.3 %
      'teachers-with-deficits': [[1, 3, 33.3], [0, 3, 0], 33.3],
      // the year's deficit competencies {R/06}; no program develops R/06: 0 of 1
      'deficit-competencies-covered': [[0, 1, 0], [0, 0, null], null],
      // dina completed P3, which develops R/03, not her R/06: 0 of 3
      'teachers-trained-on-deficits': [[0, 3, 0], [0, 3, 0], 0],
      // dina's route proposed (accepted or not, a proposal is a recommendation): 1 of 3
      'teachers-with-trajectories': [[1, 3, 33.3], [0, 3, 0], 33.3],
      // none this year; last year egor's highest: 1 of 3, so −33.3 points
      'teachers-raised-category': [[0, 3, 0], [1, 3, 33.3], -33.3],
      'teachers-retrained': [[0, 3, 0], [0, 3, 0], 0],
    });
  });

  it('gives the Samara indicators of the region as counted on paper', async () => {
    // the region: 7 teachers
    await settlesTo(samara(''), samaraView, {
      // anna, boris, dina: 3 of 7 = 42.857 → 42.9 %
      'teachers-with-deficits': [[3, 7, 42.9], [0, 7, 0], 42.9],
      // deficit competencies {R/01, R/06}; only R/01 developed by an approved program: 1 of 2
      'deficit-competencies-covered': [[1, 2, 50], [0, 0, null], null],
      // anna, boris: 2 of 7 = 28.571 → 28.6 %
      'teachers-trained-on-deficits': [[2, 7, 28.6], [0, 7, 0], 28.6],
      // anna, dina: 2 of 7
      'teachers-with-trajectories': [[2, 7, 28.6], [0, 7, 0], 28.6],
      // vera: 1 of 7 = 14.3 %; last year gleb and egor: 2 of 7 = 28.6 %; the change from the exact
      // shares: 100 × (1/7 − 2/7) = −14.29 → −14.3
      'teachers-raised-category': [[1, 7, 14.3], [2, 7, 28.6], -14.3],
      // gleb: 1 of 7
      'teachers-retrained': [[1, 7, 14.3], [0, 7, 0], 14.3],
    });
    // an empty denominator is «no data» with its reason, never 0 % (last year's coverage)
    const coverage = (await samara('')()).indicators!.find((i) => i.id === 'deficit-competencies-covered');
    expect(coverage!.previous).toEqual({
      numerator: 0,
      denominator: 0,
      percent: null,
      noData: 'за год дефицитов не выявлено: покрывать нечего',
    });
  });

  it('compares the municipalities by one indicator, sorted by percent, for the ministry', async () => {
    interface Page {
      total?: number;
      items?: { municipalityId: string; name: string; indicator: { current: Value } }[];
      next?: string | null;
    }
    const page = (indicator: string, order: string) => async () =>
      (
        await call<Page>(
          'GET',
          `${MONITORING}/indicators/samara/municipalities?year=${Y}&indicator=${indicator}&sort=percent&order=${order}`,
          admin,
        )
      ).body;
    const view = (answer: Page) => ({
      total: answer.total,
      next: answer.next,
      items: (answer.items ?? []).map(({ name, indicator }) => [
        name,
        indicator.current.numerator,
        indicator.current.denominator,
        indicator.current.percent,
      ]),
    });
    // teachers with deficits: Город 50 % before Район 33.3 %
    await settlesTo(page('teachers-with-deficits', 'desc'), view, {
      total: 2,
      next: null,
      items: [
        ['Город', 2, 4, 50],
        ['Район', 1, 3, 33.3],
      ],
    });
    // deficit competencies covered, lowest first: Район 0 % (R/06) before Город 100 % (R/01)
    await settlesTo(page('deficit-competencies-covered', 'asc'), view, {
      total: 2,
      next: null,
      items: [
        ['Район', 0, 1, 0],
        ['Город', 1, 1, 100],
      ],
    });
  });

  interface RowValue {
    met: boolean | null;
    score: number | null;
    numerator: number | null;
    denominator: number | null;
    percent: number | null;
    recorded: { by: string; at: string; comment: string } | null;
  }
  interface Score {
    score: number;
    max: number;
    unrecorded: number;
  }
  interface MunicipalityIrbey {
    municipalityId: string;
    name: string;
    rows: { id: string; current: RowValue; change: number | null }[];
    total: Score;
    totalPreviousYear: Score;
    byGroup: Record<string, Score>;
  }
  /**
   * A row as the paper has it: [met, score, numerator, denominator, percent] this year, and the change
   * from last year (shares: points; yes/no rows: the answer's +1, 0 or −1; null without both answers).
   */
  type Row = [boolean | null, number | null, number | null, number | null, number | null, number | null];
  const rowsOf = (m: MunicipalityIrbey | undefined) =>
    Object.fromEntries(
      (m?.rows ?? []).map(({ id, current: v, change }) => [
        id,
        [v.met, v.score, v.numerator, v.denominator, v.percent, change] satisfies Row,
      ]),
    );
  const scoresOf = (m: MunicipalityIrbey | undefined) =>
    m && { total: m.total, totalPreviousYear: m.totalPreviousYear, byGroup: m.byGroup };
  const irbey = (who: Principal, scope: string) => async () =>
    (
      await call<{ municipalities?: MunicipalityIrbey[] }>(
        'GET',
        `${MONITORING}/indicators/irbey?year=${Y}${scope}`,
        who,
      )
    ).body.municipalities ?? [];

  // Last year no fact and no record: a yes/no row of the events was «Нет» (count 0), so «Да» now is a
  // change of +1 and «Нет» of 0; an operator's row had no answer, so its change is null.
  /** An operator's row nobody recorded: no answer, scored 0. */
  const UNRECORDED: Row = [null, 0, null, null, null, null];
  const recorded = (met: boolean): Row => [met, met ? 1 : 0, null, null, null, null];
  const yes = (count: number): Row => [true, 1, count, null, null, 1];
  const NO: Row = [false, 0, 0, null, null, 0];
  /** The operator's rows of 2.2d and 3.1–3.3 nobody records in either municipality. */
  const NOBODY_RECORDED: Record<string, Row> = Object.fromEntries(
    ['2.2d', '3.1a', '3.1b', '3.1c', '3.2a', '3.2b', '3.3a', '3.3b', '3.3c'].map((id) => [id, UNRECORDED]),
  );

  // Город's rows this year, each with who makes it
  const GOROD: Record<string, Row> = {
    '1': recorded(true), // «Да» by Город's operator
    '2.1': recorded(false), // «Нет» by Город's operator
    '2.2a': NO, // no deficit found by a municipal survey
    '2.2b': yes(1), // boris: R/01 found by the ГИА analysis, P1 (R/01) completed
    '2.2c': NO, // no regional study
    '2.3': NO, // no ЕФОМ result
    ...NOBODY_RECORDED,
    '3.4': yes(1), // anna took the platform's test (boris's ГИА analysis is not one)
    // anna accepted her route: 1 of 4 teachers, not scored; last year 0 of 4, so +25 points
    '3.5': [true, null, 1, 4, 25, 25],
    // A1 sent anna, boris and vera into one group of P1: 1 of 2 schools; last year 0 of 2
    '3.6': [true, null, 1, 2, 50, 50],
    // programs completed {P1 blended, P2 distance}: no internship, 0 of 2; last year none completed,
    // no denominator, so no change
    '3.7': [false, null, 0, 2, 0, null],
    // completed anna, boris (P1), gleb (P2); ended without: vera — 3 of 4; last year no course ended
    '4': [true, 1, 3, 4, 75, null],
    // positions {учитель}; the approved programs are for teachers (today's register both years)
    'q1.1': [true, null, 1, 1, 100, 0],
    'q1.2': yes(2), // anna (test), boris (ГИА analysis with a deficit)
    'q1.3': yes(3), // boris, vera, gleb enrolled paid by the employer
    'q1.4': yes(1), // anna enrolled on her voucher
    'q1.5': yes(1), // deficit competencies {R/01}, developed by P1
    'q1.6': yes(2), // enrolled on P1 (blended) and P2 (distance)
    'q1.7': yes(1), // anna's accepted route holds P1
    'q1.8': yes(1), // enrolled on P2, a retraining
    'q2.1': recorded(true), // «Да» by Город's operator
    'q2.2': yes(1), // P1: employers assess its results (P2 not)
  };
  // Район's rows this year
  const RAION: Record<string, Row> = {
    '1': recorded(true), // «Да» by the ministry
    '2.1': UNRECORDED,
    '2.2a': NO,
    '2.2b': NO,
    '2.2c': NO,
    '2.3': NO, // dina's deficit R/06 came from the platform's test, and P3 develops R/03
    ...NOBODY_RECORDED,
    '3.4': yes(1), // dina took the platform's test
    '3.5': [false, null, 0, 3, 0, 0], // dina's route only proposed: 0 of 3, as last year
    '3.6': [false, null, 0, 1, 0, 0], // one teacher of B1 in a group: 0 of 1 school, as last year
    '3.7': [true, null, 1, 1, 100, null], // programs completed {P3}, an internship: 1 of 1
    '4': [true, 1, 1, 1, 100, null], // dina completed P3: 1 of 1
    'q1.1': [true, null, 1, 1, 100, 0],
    'q1.2': yes(1), // dina
    'q1.3': yes(1), // dina, paid by the employer
    'q1.4': NO, // no voucher in Район
    'q1.5': NO, // R/06: no approved program develops it
    'q1.6': NO, // P3 is an internship, neither distance nor blended
    'q1.7': NO, // no accepted route
    'q1.8': NO, // no retraining
    'q2.1': UNRECORDED,
    'q2.2': NO, // P3: employers do not assess
  };
  // Scores: the criteria group scores 17 rows (1, 2.1, 2.2a–d, 2.3, 3.1a–c, 3.2a–b, 3.3a–c, 3.4, 4),
  // program quality 7 (q1.2–q1.8), mastering quality 2 (q2.1, q2.2): 26 in all. Last year: no fact
  // and no record, so 0 of 26 with every one of the 12 operator's rows unrecorded.
  const lastYear = { score: 0, max: 26, unrecorded: 12 };
  const GOROD_SCORES = {
    // criteria: 1 + 2.2b + 3.4 + 4 = 4; unrecorded 2.2d and the eight of 3.1–3.3 = 9
    // program quality: all seven; mastering quality: q2.1 (recorded) + q2.2 = 2
    total: { score: 13, max: 26, unrecorded: 9 },
    totalPreviousYear: lastYear,
    byGroup: {
      criteria: { score: 4, max: 17, unrecorded: 9 },
      'program-quality': { score: 7, max: 7, unrecorded: 0 },
      'mastering-quality': { score: 2, max: 2, unrecorded: 0 },
    },
  };
  const RAION_SCORES = {
    // criteria: 1 + 3.4 + 4 = 3; unrecorded 2.1, 2.2d and the eight of 3.1–3.3 = 10
    // program quality: q1.2 + q1.3 = 2; mastering quality: 0, q2.1 unrecorded
    total: { score: 5, max: 26, unrecorded: 11 },
    totalPreviousYear: lastYear,
    byGroup: {
      criteria: { score: 3, max: 17, unrecorded: 10 },
      'program-quality': { score: 2, max: 7, unrecorded: 0 },
      'mastering-quality': { score: 0, max: 2, unrecorded: 1 },
    },
  };

  it("gives each municipal operator their municipality's Irbey rows and score as counted on paper", async () => {
    for (const [who, id, rows, scores] of [
      [operatorA, MA, GOROD, GOROD_SCORES],
      [operatorB, MB, RAION, RAION_SCORES],
    ] as const) {
      // a municipal operator's answer is their own municipality's (no municipalityId given)
      await settlesTo(
        irbey(who, ''),
        (found) => ({ ids: found.map((m) => m.municipalityId), rows: rowsOf(found[0]) }),
        { ids: [id], rows },
      );
      expect(scoresOf((await irbey(who, '')())[0])).toEqual(scores);
    }
    // who recorded a row, and why, is kept with it
    const gorod = (await irbey(operatorA, '')())[0]!;
    expect(gorod.rows.find((row) => row.id === '2.1')!.current.recorded).toEqual({
      by: 'operator-38-gorod',
      at: expect.any(String),
      comment: 'Муниципальный заказ на год не сформирован',
    });
  });

  it('gives the ministry every municipality of the region, the same rows and scores, sorted by name', async () => {
    after('the courses');
    const all = await irbey(admin, '')();
    expect(all.map((m) => m.name)).toEqual(['Город', 'Район']);
    expect(all.map(rowsOf)).toEqual([GOROD, RAION]);
    expect(all.map(scoresOf)).toEqual([GOROD_SCORES, RAION_SCORES]);
    const raion = all[1]!;
    expect(raion.rows.find((row) => row.id === '1')!.current.recorded).toMatchObject({ by: 'admin-38' });
  });
});
