import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Principal } from '@pk/auth';
import { directoryId, goldenExample, publicTopic, regionToday } from '@pk/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { type IsolatedStack, SHARED_STACK_START_MS, sharedStack } from '../local/isolated-stack';
import { programCard as card, eventually, stackClient } from './stack-client';

// Over the real processes of the stack the e2e files share (sharedStack; this file's data is region 63's):
// 1. A program's way into the register: catalog takes the provider's draft and submission,
//    expertise opens a review case from catalog's topic and assigns experts without a conflict of
//    interest, the experts score over HTTP, expertise publishes the council's decision and catalog
//    puts the program into its register read model.
// 2. A teacher's way from diagnostics to a closed deficit: imported teachers, a campaign, attempts
//    that find deficits, a trajectory that recommends the program the council approved, a completion
//    (enrollment's public contract, published as enrollment will) that marks progress without closing
//    the deficit, and a later attempt that closes it.
describe('program review, then diagnostics: catalog ⇄ expertise → diagnostics (e2e)', () => {
  let isolated: IsolatedStack;
  const { tokenFor, call } = stackClient(() => isolated);
  let CATALOG: string;
  let EXPERTISE: string;
  let db: Pool;
  const region = '63';
  // a directory entry's id is derived from its region and ИНН (npm run directory-id)
  const providerId = directoryId('provider', region, '6317010870');
  const otherOrganizations = [randomUUID(), randomUUID(), randomUUID()];
  // three experts of other organizations, one of the provider's own: never to be assigned
  const experts = otherOrganizations.map((organizationId) => ({ expertId: randomUUID(), organizationId }));
  const colleague = { expertId: randomUUID(), organizationId: providerId };
  const admin: Principal = { subject: 'admin-63', role: 'ministry-admin', region };
  const provider: Principal = { subject: 'sipkro', role: 'provider', region, organization: providerId };
  const teacher: Principal = { subject: randomUUID(), role: 'teacher', region };
  const asExpert = (expertId: string): Principal => ({ subject: expertId, role: 'expert', region });

  const programs = () => `${CATALOG}/providers/${providerId}/programs`;

  async function submitNew(title: string): Promise<string> {
    const programId = randomUUID();
    expect((await call('POST', programs(), provider, { ...card(title), programId, region })).status).toBe(
      201,
    );
    expect((await call('POST', `${programs()}/${programId}/submission`, provider)).status).toBe(201);
    return programId;
  }

  interface ReviewCase {
    caseId: string;
    revision: number;
    status: string;
    assignments: { expertId: string; state: string }[];
    decision: { outcome: string; comments: string[] } | null;
  }
  // 404 until the case is in expertise's read model
  const reviews = async (programId: string) =>
    (await call<{ cases?: ReviewCase[] }>('GET', `${EXPERTISE}/programs/${programId}/reviews`, admin)).body
      .cases ?? [];
  async function openCase(programId: string, revision: number): Promise<ReviewCase> {
    const cases = await eventually(
      () => reviews(programId),
      (found) => found.some((c) => c.revision === revision && c.assignments.length >= 2),
      `the review case of revision ${revision} with its experts`,
    );
    return cases.find((c) => c.revision === revision)!;
  }

  /** Every assigned expert scores the case: all criteria at the given score. */
  async function scoreAll(review: ReviewCase, score: number, comment = '') {
    for (const { expertId } of review.assignments.filter((a) => a.state === 'assigned')) {
      const answer = await call(
        'POST',
        `${EXPERTISE}/review-cases/${review.caseId}/scorecards`,
        asExpert(expertId),
        {
          expertId,
          region,
          criteriaSet: { id: 'program-review', version: 1 },
          scores: [
            'relevance',
            'practice-orientation',
            'planned-results',
            'assessment-materials',
            'staffing-and-resources',
          ].map((criterion) => ({
            criterion,
            score,
            comment: criterion === 'assessment-materials' ? comment : '',
          })),
          summary: '',
        },
      );
      expect(answer.status).toBe(201);
    }
  }

  const programStatus = async (programId: string) =>
    (await call<{ status?: string; revision?: number }>('GET', `${CATALOG}/programs/${programId}`, provider))
      .body;

  beforeAll(async () => {
    isolated = await sharedStack();
    CATALOG = isolated.serviceUrl('catalog');
    EXPERTISE = isolated.serviceUrl('expertise');
    db = new Pool({ connectionString: isolated.endpoints.databaseUrl, max: 2 });
    const registered = await call('POST', `${CATALOG}/providers`, admin, {
      providerId,
      region,
      name: 'ГАУ ДПО «СИПКРО»',
      inn: '6317010870',
      ownership: 'state',
      kind: 'dpo-institute',
    });
    expect(registered.status).toBe(201);
    for (const expert of [...experts, colleague]) {
      const answer = await call('POST', `${EXPERTISE}/experts`, admin, {
        ...expert,
        region,
        subjects: ['physics'],
        competencies: ['R/01'],
      });
      expect(answer.status).toBe(201);
    }
  }, SHARED_STACK_START_MS);

  afterAll(async () => {
    await db?.end();
    await isolated?.remove();
  });

  let first: string;

  it('takes a submitted program through two experts without conflict into the register, voucher-eligible', async () => {
    first = await submitNew('Функциональная грамотность на уроках физики');
    const review = await openCase(first, 1);
    expect(review.assignments).toHaveLength(2);
    expect(review.assignments.map((a) => a.expertId)).not.toContain(colleague.expertId);
    // the expert sees the case in its queue
    const [assigned] = review.assignments;
    const queue = await call<{ assignments: { caseId: string }[] }>(
      'GET',
      `${EXPERTISE}/experts/${assigned!.expertId}/queue?region=${region}`,
      asExpert(assigned!.expertId),
    );
    expect(queue.body.assignments.map((item) => item.caseId)).toContain(review.caseId);

    await scoreAll(review, 3);
    await eventually(
      () => programStatus(first),
      (p) => p.status === 'approved',
      'the program approved in catalog',
    );
    const register = await call<{ programs: { programId: string; voucherEligible: boolean }[] }>(
      'GET',
      `${CATALOG}/register?voucherEligible=true&subject=physics`,
      teacher,
    );
    expect(register.body.programs).toEqual([
      expect.objectContaining({ programId: first, voucherEligible: true }),
    ]);
  });

  it('returns a second program with comments; edited and resubmitted, it is approved as revision 2', async () => {
    const second = await submitNew('Естественно-научная грамотность: исследовательские задания');
    await scoreAll(await openCase(second, 1), 2, 'Нет критериев оценки итоговой работы');
    const returned = await eventually(
      () => programStatus(second),
      (p) => p.status === 'returned',
      'the return',
    );
    expect((returned as { comments?: string[] }).comments).toEqual(
      expect.arrayContaining([expect.stringContaining('Нет критериев оценки итоговой работы')]),
    );

    const edited = card('Естественно-научная грамотность: исследовательские задания', { hours: 48 });
    expect((await call('PUT', `${programs()}/${second}`, provider, edited)).status).toBe(200);
    expect((await call('POST', `${programs()}/${second}/submission`, provider)).status).toBe(201);
    await scoreAll(await openCase(second, 2), 3);
    const approved = await eventually(
      () => programStatus(second),
      (p) => p.status === 'approved',
      'revision 2 approved',
    );
    expect(approved).toMatchObject({ revision: 2, approvedRevision: 2, hours: 48 });
  });

  it('rejects a third program', async () => {
    const third = await submitNew('Общие вопросы педагогики');
    await scoreAll(await openCase(third, 1), 0, 'Не соответствует профстандарту');
    await eventually(
      () => programStatus(third),
      (p) => p.status === 'rejected',
      'the rejection',
    );
    const register = await call<{ total: number }>('GET', `${CATALOG}/register`, teacher);
    expect(register.body.total).toBe(2);
  });

  it('picks up where it was after expertise is killed, and assigns nobody twice', async () => {
    const pid = Number(readFileSync(path.join(isolated.localDir, 'run', 'expertise.pid'), 'utf8'));
    // submissions arrive while expertise is being killed and while it is down
    const submitted = [await submitNew('Наставничество в школе')];
    process.kill(pid, 'SIGKILL');
    submitted.push(await submitNew('Цифровые компетенции учителя физики'));
    submitted.push(await submitNew('Работа с одарёнными детьми на уроках физики'));
    const { stdout } = await isolated.run('up', '--with-services');
    expect(stdout).toMatch(/^expertise\s+started/m);

    for (const programId of submitted) {
      const review = await openCase(programId, 1);
      expect(review.assignments).toHaveLength(2);
      expect(new Set(review.assignments.map((a) => a.expertId)).size).toBe(2);
      expect(review.assignments.map((a) => a.expertId)).not.toContain(colleague.expertId);
    }
    // the event store holds each case opened once, with exactly two assignments
    const { rows } = await db.query<{ stream_id: string; opened: string; assigned: string }>(
      `select stream_id,
              count(*) filter (where type = 'expertise.ReviewCaseOpened') as opened,
              count(*) filter (where type = 'expertise.ExpertAssigned') as assigned
         from expertise.events where stream_id like 'review-case-%' and data->>'region' = $1
        group by stream_id`,
      [region], // the shared stack holds other files' cases too (vouchers.e2e: region 73)
    );
    expect(rows.length).toBe(7); // 3 first programs (one with two revisions) + 3 now
    for (const row of rows)
      expect({ stream: row.stream_id, opened: Number(row.opened), assigned: Number(row.assigned) }).toEqual({
        stream: row.stream_id,
        opened: 1,
        assigned: 2,
      });
  });

  describe('diagnostics', () => {
    const DIAGNOSTICS = () => isolated.serviceUrl('diagnostics');
    // services/diagnostics/README.md: a teacher's id is HMAC-SHA256 of `<region>/teacher/<СНИЛС digits>`
    // under the stack's teacher id key, its first 16 bytes as a UUID version 8
    const teacherIdOf = (snilsDigits: string) => {
      const key = Buffer.from(
        readFileSync(path.join(isolated.localDir, 'keys', 'teacher-ids.key'), 'utf8').trim(),
        'hex',
      );
      const bytes = createHmac('sha256', key)
        .update(`${region}/teacher/${snilsDigits}`)
        .digest()
        .subarray(0, 16);
      bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
      bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10xx
      const hex = bytes.toString('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    };
    // the school and its municipality as the catalog registers them: ids derived from ИНН and ОКТМО
    const schoolId = directoryId('organization', region, '6321064750');
    const municipalityId = directoryId('municipality', region, '36740000');
    /** A valid СНИЛС from nine digits: the check number is Σ digit × (9…1), mod 101, 100 → 00. */
    const snils = (nine: string) => {
      const sum = [...nine].reduce((acc, digit, i) => acc + Number(digit) * (9 - i), 0);
      const check = sum < 100 ? sum : sum % 101 === 100 ? 0 : sum % 101;
      return `${nine}${String(check).padStart(2, '0')}`;
    };
    const physicist = snils('112233445');
    const chemist = snils('223344556');
    // the key file exists once the isolated stack is up (the outer beforeAll)
    let teacherId: string;
    let teacher: Principal;
    beforeAll(() => {
      teacherId = teacherIdOf(physicist);
      teacher = { subject: teacherId, role: 'teacher', region };
    });
    const year = 2026; // the school year 2026/27, today's
    let recommended: string;

    async function csv(url: string, body: string) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${await tokenFor(admin)}`, 'content-type': 'text/csv' },
        body,
      });
      return { status: response.status, location: response.headers.get('location') };
    }

    /** Answers to teacher-core v1, wrong on every item of the competencies named. */
    async function answers(wrongIn: string[]) {
      const key = await call<{
        items: { id: string; competency: string; options: object; correct: string }[];
      }>('GET', `${DIAGNOSTICS()}/instruments/teacher-core/1`, admin);
      expect(key.status).toBe(200);
      return key.body.items.map((item) => ({
        item: item.id,
        answer: wrongIn.includes(item.competency)
          ? Object.keys(item.options).find((option) => option !== item.correct)!
          : item.correct,
      }));
    }

    async function attempt(campaignId: string, wrongIn: string[]) {
      const answer = await call('POST', `${DIAGNOSTICS()}/attempts`, teacher, {
        attemptId: randomUUID(),
        teacherId,
        region,
        instrument: { id: 'teacher-core', version: 1 },
        campaignId,
        answers: await answers(wrongIn),
      });
      expect(answer.status).toBe(201);
    }

    interface Profile {
      openDeficits: { competency: string }[];
    }
    const openDeficits = async () =>
      (
        await call<Profile>('GET', `${DIAGNOSTICS()}/teachers/${teacherId}/profile?region=${region}`, teacher)
      ).body.openDeficits?.map((d) => d.competency) ?? [];

    interface Trajectory {
      status: string;
      items: { kind: string; programId: string | null; status: string }[];
    }
    const trajectory = async () =>
      (
        await call<Trajectory>(
          'GET',
          `${DIAGNOSTICS()}/teachers/${teacherId}/trajectories/${year}?region=${region}`,
          teacher,
        )
      ).body;

    let campaignId: string;

    it('imports teachers from CSV, naming the rejected row', async () => {
      // the school and its municipality are in the catalog's directory first: diagnostics refuses
      // teachers of a school it does not know (issue 16, item 9)
      expect(
        (
          await call('POST', `${CATALOG}/municipalities`, admin, {
            municipalityId,
            region,
            name: 'городской округ Тольятти',
            kind: 'urban-district',
            oktmo: '36740000',
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await call('POST', `${CATALOG}/organizations`, admin, {
            organizationId: schoolId,
            region,
            municipalityId,
            name: 'МБУ «Школа № 93» г.о. Тольятти',
            kind: 'school',
            inn: '6321064750',
          })
        ).status,
      ).toBe(201);
      const file = [
        'snils;last_name;first_name;patronymic;organization_id;municipality_id;position;subjects;category;category_since;education;last_training_on',
        `${physicist};Черепанова;Анна;Сергеевна;${schoolId};${municipalityId};teacher;physics;first;2022-04-15;higher-pedagogical;2022-11-30`,
        `${chemist};Лаптев;Игорь;Петрович;${schoolId};${municipalityId};teacher;chemistry;none;;higher-pedagogical;`,
        `12345678900;Ошибкин;Пётр;;${schoolId};${municipalityId};teacher;physics;none;;higher-pedagogical;`,
      ].join('\n');
      const importOnce = async () => {
        const started = await csv(`${DIAGNOSTICS()}/imports/teachers?region=${region}`, file);
        expect(started.status).toBe(202);
        return eventually(
          async () =>
            (
              await call<{ status: string; registered: number; rejected: number; rejectedRows: unknown[] }>(
                'GET',
                `${DIAGNOSTICS()}${started.location}`,
                admin,
              )
            ).body,
          (r) => r.status === 'finished',
          'the import to finish',
        );
      };
      // diagnostics hears of the school from catalog's topic: until then it refuses the school's
      // teachers, and the file is sent again as an operator would (a row taken before is unchanged)
      const report = await eventually(importOnce, (r) => r.rejected === 1, 'the school known to diagnostics');
      expect(report).toMatchObject({ registered: 2, rejected: 1 });
      expect(JSON.stringify(report)).toMatch(/"line":4/);
      expect(JSON.stringify(report)).not.toMatch(/Ошибкин|Черепанова/); // the report repeats no personal data
    });

    it('finds deficits by an attempt in a campaign, and the trajectory recommends the approved program', async () => {
      campaignId = randomUUID();
      const today = new Date();
      const day = (offset: number) =>
        new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
      const opened = await call('POST', `${DIAGNOSTICS()}/campaigns`, admin, {
        campaignId,
        region,
        kind: 'self-diagnostics',
        year,
        opensOn: day(-1),
        closesOn: day(30),
      });
      expect(opened.status).toBe(201);
      await attempt(campaignId, ['R/01', 'R/06']);
      await eventually(openDeficits, (found) => found.length === 2, 'the two deficits in the profile');
      expect((await openDeficits()).sort()).toEqual(['R/01', 'R/06']);

      // R/01 is what the approved programs address; nothing in the register covers R/06
      const uncovered = await eventually(
        async () =>
          (
            await call<{ competencies: { competency: string; teachers: number }[] }>(
              'GET',
              `${DIAGNOSTICS()}/statistics/uncovered-deficits?region=${region}`,
              admin,
            )
          ).body.competencies ?? [],
        (list) => list.some((c) => c.competency === 'R/06'),
        'R/06 among the uncovered deficits',
      );
      expect(uncovered).toEqual([{ competency: 'R/06', name: expect.any(String), teachers: 1 }]);

      const proposed = await eventually(
        () =>
          call('POST', `${DIAGNOSTICS()}/teachers/${teacherId}/trajectories/${year}/proposal`, teacher, {
            region,
          }),
        (answer) => answer.status === 201,
        'the proposal (once the replicas hold the deficits)',
      );
      expect(proposed.status).toBe(201);
      const proposal = await trajectory();
      const course = proposal.items.find((item) => item.kind === 'program');
      expect(course).toBeDefined();
      recommended = course!.programId!;
      expect([first]).toContain(recommended); // the voucher-eligible program of the register first
      expect(proposal.items.map((item) => item.kind)).toContain('expert-work'); // for R/06
      expect(
        (
          await call('PUT', `${DIAGNOSTICS()}/teachers/${teacherId}/trajectories/${year}`, teacher, {
            region,
            drop: [],
            add: [],
          })
        ).status,
      ).toBe(200);
    });

    it("marks the course completed from enrollment's completion event, and only a later attempt closes the deficit", async () => {
      const kafka = new Kafka({ brokers: isolated.endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
      const producer = kafka.producer();
      await producer.connect();
      const example = goldenExample('enrollment.CourseCompleted');
      const enrollmentId = randomUUID();
      const completed = {
        ...example,
        id: randomUUID(),
        subject: `enrollment-${enrollmentId}`,
        correlationId: randomUUID(),
        time: new Date().toISOString(),
        data: {
          ...example.data,
          enrollmentId,
          teacherId,
          region,
          organizationId: schoolId,
          programId: recommended,
          providerId,
          completedOn: new Date().toISOString().slice(0, 10),
        },
      };
      await producer.send({
        topic: publicTopic('enrollment'),
        messages: [{ key: completed.subject, value: JSON.stringify(completed) }],
      });
      await producer.disconnect();
      await eventually(
        trajectory,
        (t) => t.items.some((item) => item.programId === recommended && item.status === 'completed'),
        'the course marked completed',
      );
      expect((await openDeficits()).sort()).toEqual(['R/01', 'R/06']); // a course alone closes nothing

      // the next year's diagnostics: a campaign of its own, and an attempt that shows both resolved
      const nextYear = randomUUID();
      // the region's date, not UTC's: after 20:00 UTC it is already tomorrow in Samara, and a
      // campaign closing on UTC's today would close in the region's past (422)
      const today = regionToday(region, new Date());
      const opened = await call('POST', `${DIAGNOSTICS()}/campaigns`, admin, {
        campaignId: nextYear,
        region,
        kind: 'self-diagnostics',
        year: year + 1,
        opensOn: today,
        closesOn: today,
      });
      expect(opened.status).toBe(201);
      await attempt(nextYear, []);
      await eventually(
        openDeficits,
        (found) => found.length === 0,
        'the deficits closed by the later attempt',
      );
    });
  });
});
