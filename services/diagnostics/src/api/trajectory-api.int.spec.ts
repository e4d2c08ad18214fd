import { randomUUID } from 'node:crypto';
import {
  type CompetencyCode,
  type EventEnvelope,
  publicTopic,
  REGION_CODES,
  type TrajectoryItem,
} from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import type { ProjectionRunner } from '@pk/projections';
import { readModelToken, ServiceKit } from '@pk/service-runtime';
import { serverEndpoints, type ServiceApi, startServiceApi, until } from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { ACTIVITY_TITLES } from '../domain/recommend';
import { programReplica } from '../projections/program-replica.projection';
import { trajectoryReplicas } from '../projections/trajectory-replicas.projection';
import { service } from '../service';
import * as given from '../../test/trajectory.fixtures';

// The part as it runs: the catalog's ProgramApproved and the deficits on Kafka fill the replicas in
// FerretDB; the region's uncovered deficits are exact; a proposal recommends the covering program;
// enrollment's CourseCompleted on its topic marks the item in PostgreSQL. The region is one no
// program and no open deficit is in when the test starts, and the test leaves it so (it archives its
// programs and resolves its deficits), so the counts are exactly the case's.
jest.setTimeout(120_000);

interface Uncovered {
  competencies?: { competency: string; teachers: number }[];
}
interface View {
  status: string;
  items: TrajectoryItem[];
}

describe('trajectories on PostgreSQL, Kafka and FerretDB (integration)', () => {
  const { kafkaBrokers } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'trajectory-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  let api: ServiceApi;
  let catalog: ProjectionRunner;
  let diagnostics: ProjectionRunner;

  const publish = async (...events: EventEnvelope[]) => {
    const byContext = new Map<string, EventEnvelope[]>();
    for (const e of events)
      byContext.set(e.type.split('.')[0]!, [...(byContext.get(e.type.split('.')[0]!) ?? []), e]);
    for (const [context, list] of byContext) {
      await bus.publish(
        publicTopic(context as 'catalog'),
        list.map((e) => toMessage(e)),
      );
    }
  };
  const caughtUp = async (runner: ProjectionRunner) =>
    runner.requireCaughtUp('everything').then(
      () => true,
      () => false,
    );

  beforeAll(async () => {
    api = await startServiceApi('diagnostics', [ServiceKit.forService(service)]);
    catalog = api.app.get(readModelToken(programReplica), { strict: false });
    diagnostics = api.app.get(readModelToken(trajectoryReplicas), { strict: false });
  });
  afterAll(async () => {
    await api.close();
    await bus.close();
  });

  /** A region without approved programs or open deficits in the replicas, once they caught up. */
  async function cleanRegion(): Promise<string> {
    await until(async () => (await caughtUp(catalog)) && (await caughtUp(diagnostics)), 'the replicas', {
      timeoutMs: 90_000,
    });
    for (;;) {
      const region = REGION_CODES[Math.floor(Math.random() * REGION_CODES.length)]!;
      const programs = await catalog
        .model('trajectory_program_coverage')
        .countDocuments({ region, covering: true });
      const deficits = await diagnostics.model('trajectory_deficits').countDocuments({ region, open: true });
      if (programs === 0 && deficits === 0) return region;
    }
  }

  it('answers exactly the two competencies no program covers, recommends the covering program, and marks its completion', async () => {
    const region = await cleanRegion();
    const admin = { subject: 'admin', role: 'ministry-admin', region } as const;
    const school = randomUUID();
    const [t1, t2, t3, t4] = [0, 1, 2, 3].map(() => ({
      teacherId: randomUUID(),
      organizationId: school,
      region,
    }));
    const literacy = given.programApproved({
      region,
      title: 'Функциональная грамотность',
      competencies: ['R/01', 'A/01.6'],
    });
    const digital = given.programApproved({ region, title: 'Цифровая школа', competencies: ['R/03'] });
    const mentors = given.programApproved({ region, title: 'Школа наставников', competencies: ['R/05'] });
    const deficits: [typeof t1, CompetencyCode[]][] = [
      [t1, ['R/01', 'R/05']],
      [t2, ['R/03', 'R/05', 'R/06']],
      [t3, ['R/06', 'R/01']],
      [t4, ['R/05', 'R/06']],
    ];
    const found = deficits.flatMap(([teacher, codes]) =>
      codes.map((c, n) => given.deficitFound(teacher, c, n)),
    );
    await publish(
      given.organizationRegistered(school, region),
      literacy,
      digital,
      mentors,
      given.programArchived(mentors), // archived: covers R/05 no more
      ...found,
      given.deficitResolved(t4, 'R/06', 2), // resolved: t4 no longer counts for R/06
      given.teacherRegistered(t1.teacherId, school, region),
    );

    const expected = [
      { competency: 'R/05', name: 'Наставничество', teachers: 3 },
      { competency: 'R/06', name: 'Оценка образовательных результатов', teachers: 2 },
    ];
    const uncovered = () => api.as(admin).get<Uncovered>(`/statistics/uncovered-deficits?region=${region}`);
    await until(
      async () => JSON.stringify((await uncovered()).body.competencies) === JSON.stringify(expected),
      'the uncovered deficits of the case',
    );
    expect((await uncovered()).body).toEqual({ region, framework: '2026.1', competencies: expected });

    const teacher = { subject: t1.teacherId, role: 'teacher', region } as const;
    const path = `/teachers/${t1.teacherId}/trajectories/2025`;
    await until(
      async () => (await api.as(teacher).post(`${path}/proposal`, { region })).status === 201,
      'the proposal',
    );
    const proposal = await api.as(teacher).get<View>(`${path}?region=${region}`);
    expect(proposal.body).toMatchObject({
      status: 'proposed',
      items: [
        { kind: 'program', programId: literacy.data.programId, competencies: ['R/01'], status: 'planned' },
        { kind: 'mentoring', programId: null, title: ACTIVITY_TITLES.mentoring, competencies: ['R/05'] },
      ],
      // R/01's only program is in the trajectory; R/05's is archived, so it has no runner-ups to show
      alternatives: [{ competency: 'R/01', programs: [] }],
    });
    expect(proposal.body.items).toHaveLength(2);

    await publish(given.courseCompleted(t1, literacy.data.programId, '2026-04-17'));
    await until(
      async () =>
        (await api.as(teacher).get<View>(`${path}?region=${region}`)).body.items?.[0]?.status === 'completed',
      'the completion on the trajectory',
    );
    const after = (await api.as(teacher).get<View>(`${path}?region=${region}`)).body;
    expect(after.items.map((i) => i.status)).toEqual(['completed', 'planned']);
    // a completion closes no deficit: the region's answer is unchanged
    expect((await uncovered()).body.competencies).toEqual(expected);

    // leave the region as found
    await publish(
      given.programArchived(literacy),
      given.programArchived(digital),
      ...deficits.flatMap(([who, codes]) =>
        codes.map((c, n) => given.deficitResolved(who, c, (who === t4 ? 3 : codes.length) + n)),
      ),
    );
    await until(async () => (await uncovered()).body.competencies?.length === 0, 'the region cleared');
  });
});
