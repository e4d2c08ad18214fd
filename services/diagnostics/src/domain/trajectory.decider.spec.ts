import type { TrajectoryItem, TrajectoryV1 } from '@pk/contracts';
import { deciderSpec } from '@pk/test-kit';
import { ACTIVITY_TITLES, type ProgramCard } from './recommend';
import {
  type AcceptTrajectory,
  itemIdOf,
  type ProposeTrajectory,
  type RecordCompletion,
  schoolYearOf,
  trajectory,
  type TrajectoryEvent,
} from './trajectory.decider';

const teacherId = '3f6a9c12-7b4d-4e58-a1c3-9d2e5f8b7a64';
const organizationId = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';
const year = 2025;
const place = { teacherId, region: '63', organizationId };

const card = (programId: string, fields: Partial<ProgramCard> = {}): ProgramCard => ({
  programId,
  region: '63',
  title: `Программа ${programId.slice(-2)}`,
  kind: 'advanced-training',
  hours: 36,
  competencies: ['R/01'],
  targetPositions: ['teacher'],
  organizationTypes: ['school'],
  voucherEligible: true,
  ...fields,
});
const literacy = card('4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c01', { competencies: ['R/01', 'A/01.6'] });
const digital = card('4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c02', { competencies: ['R/03'] });
const elsewhere = card('4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c03', { competencies: ['R/05'], region: '24' });
const extra = card('4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c04', { competencies: ['R/06'], title: 'Оценивание' });

const id = (key: string) => itemIdOf(teacherId, year, key);
const item = (fields: Partial<TrajectoryItem> & Pick<TrajectoryItem, 'kind' | 'title'>): TrajectoryItem => ({
  itemId: fields.programId ? id(`program/${fields.programId}`) : id(`${fields.kind}/${fields.title}`),
  programId: null,
  competencies: [],
  status: 'planned',
  ...fields,
});
const literacyItem = item({
  kind: 'program',
  programId: literacy.programId,
  title: literacy.title,
  competencies: ['R/01'],
});
const digitalItem = item({
  kind: 'program',
  programId: digital.programId,
  title: digital.title,
  competencies: ['R/03'],
});
const mentoringItem = item({ kind: 'mentoring', title: ACTIVITY_TITLES.mentoring, competencies: ['R/05'] });

const propose = (fields: Partial<ProposeTrajectory> = {}): ProposeTrajectory => ({
  type: 'ProposeTrajectory',
  teacher: place,
  year,
  needs: { deficits: ['R/01', 'R/03', 'R/05'], position: 'teacher', organizationKind: 'school' },
  programs: [digital, literacy, elsewhere],
  ...fields,
});
const trajectoryData = (items: TrajectoryItem[]): TrajectoryV1 => ({ ...place, year, items });
const proposed = (items: TrajectoryItem[]): TrajectoryEvent => ({
  type: 'diagnostics.TrajectoryProposed',
  data: trajectoryData(items),
});
const accepted = (items: TrajectoryItem[]): TrajectoryEvent => ({
  type: 'diagnostics.TrajectoryAccepted',
  data: trajectoryData(items),
});
const progressed = (itemId: string, programId: string, completedOn = '2026-04-17'): TrajectoryEvent => ({
  type: 'diagnostics.TrajectoryProgressed',
  data: { teacherId, region: '63', itemId, programId, completedOn },
});
const edit = (fields: Partial<AcceptTrajectory> = {}): AcceptTrajectory => ({
  type: 'AcceptTrajectory',
  teacherId,
  year,
  drop: [],
  add: [],
  ...fields,
});
const completion = (programId: string, completedOn = '2026-04-17'): RecordCompletion => ({
  type: 'RecordCompletion',
  teacherId,
  year,
  programId,
  completedOn,
});

const theProposal = [literacyItem, digitalItem, mentoringItem];

describe('trajectory: proposal', () => {
  it('proposes the covering programs of the region and an activity for what none covers', () => {
    // R/05's only program is another region's: mentoring instead
    deciderSpec(trajectory)
      .given([])
      .when(propose())
      .then([proposed(theProposal)]);
  });

  it('names items after what they are, so the same proposal again decides nothing', () => {
    deciderSpec(trajectory)
      .given([proposed(theProposal)])
      .when(propose())
      .then([]);
  });

  it('is renewed while not accepted, keeping what was completed meanwhile', () => {
    const completedLiteracy = { ...literacyItem, status: 'completed' as const };
    // the teacher's R/01 deficit is gone from the new needs: its completed course stays in the plan
    deciderSpec(trajectory)
      .given([proposed(theProposal), progressed(literacyItem.itemId, literacy.programId)])
      .when(
        propose({
          needs: { deficits: ['R/03', 'R/06'], position: 'teacher', organizationKind: 'school' },
          programs: [digital, extra],
        }),
      )
      .then([
        proposed([
          // equally covering and fitting: by title, «Оценивание» before «Программа 02»
          item({ kind: 'program', programId: extra.programId, title: extra.title, competencies: ['R/06'] }),
          digitalItem,
          completedLiteracy,
        ]),
      ]);
  });

  it('is refused once the teacher accepted: the plan is the teacher’s to edit', () => {
    deciderSpec(trajectory)
      .given([proposed(theProposal), accepted(theProposal)])
      .when(propose())
      .thenFails('trajectory-already-accepted');
  });

  it('is refused for a teacher without open deficits', () => {
    deciderSpec(trajectory)
      .given([])
      .when(propose({ needs: { deficits: [], position: 'teacher', organizationKind: null } }))
      .thenFails('no-open-deficits');
  });
});

describe('trajectory: the teacher’s edit and acceptance', () => {
  it('accepts the proposal as it is', () => {
    deciderSpec(trajectory)
      .given([proposed(theProposal)])
      .when(edit())
      .then([accepted(theProposal)]);
  });

  it('drops items, adds a program of the register and an activity, and accepts', () => {
    const contest = item({ kind: 'contest', title: 'Конкурс «Учитель года»', competencies: ['R/03'] });
    deciderSpec(trajectory)
      .given([proposed(theProposal)])
      .when(
        edit({
          drop: [mentoringItem.itemId],
          add: [
            { kind: 'program', programId: extra.programId, program: extra },
            { kind: 'contest', title: 'Конкурс «Учитель года»', competencies: ['R/03', 'R/03'] },
          ],
        }),
      )
      .then([
        accepted([
          literacyItem,
          digitalItem,
          { ...mentoringItem, status: 'dropped' },
          item({
            kind: 'program',
            programId: extra.programId,
            title: extra.title,
            competencies: ['R/06'],
          }),
          contest,
        ]),
      ]);
  });

  it('decides nothing for the same edit again once accepted', () => {
    const after = [literacyItem, digitalItem, { ...mentoringItem, status: 'dropped' as const }];
    deciderSpec(trajectory)
      .given([proposed(theProposal), accepted(after)])
      .when(edit({ drop: [mentoringItem.itemId] }))
      .then([]);
  });

  it('plans a dropped item again when it is added again, and keeps one item per program', () => {
    const after = [{ ...literacyItem, status: 'dropped' as const }, digitalItem, mentoringItem];
    deciderSpec(trajectory)
      .given([proposed(theProposal), accepted(after)])
      .when(
        edit({
          add: [
            { kind: 'program', programId: literacy.programId, program: literacy },
            { kind: 'program', programId: digital.programId, program: digital },
          ],
        }),
      )
      .then([accepted(theProposal)]);
  });

  it('refuses a program that is not an approved program of the teacher’s region', () => {
    deciderSpec(trajectory)
      .given([proposed(theProposal)])
      .when(edit({ add: [{ kind: 'program', programId: extra.programId, program: null }] }))
      .thenFails('program-not-in-register');
    deciderSpec(trajectory)
      .given([proposed(theProposal)])
      .when(edit({ add: [{ kind: 'program', programId: elsewhere.programId, program: elsewhere }] }))
      .thenFails('program-not-in-register', /региона 63/);
  });

  it('refuses to drop an item the trajectory does not hold, or one completed', () => {
    deciderSpec(trajectory)
      .given([proposed(theProposal)])
      .when(edit({ drop: ['9f3b7d2e-4a6c-4e81-b0d5-1c8e6a2f4b97'] }))
      .thenFails('unknown-trajectory-item');
    deciderSpec(trajectory)
      .given([proposed(theProposal), progressed(literacyItem.itemId, literacy.programId)])
      .when(edit({ drop: [literacyItem.itemId] }))
      .thenFails('completed-item-cannot-be-dropped');
  });

  it('refuses an edit before any proposal', () => {
    deciderSpec(trajectory).given([]).when(edit()).thenFails('trajectory-not-found');
  });

  it('refuses an edit that would hold more items than the contract allows', () => {
    const add = Array.from({ length: 28 }, (_, k) => ({
      kind: 'mentoring' as const,
      title: `Наставник ${k}`,
      competencies: [],
    }));
    deciderSpec(trajectory)
      .given([proposed(theProposal)])
      .when(edit({ add }))
      .thenFails('trajectory-too-long', /31/);
  });
});

describe('trajectory: completions', () => {
  it('marks the planned item of the completed program', () => {
    deciderSpec(trajectory)
      .given([proposed(theProposal), accepted(theProposal)])
      .when(completion(literacy.programId))
      .then([progressed(literacyItem.itemId, literacy.programId)]);
  });

  it('counts a completion before the teacher accepted', () => {
    deciderSpec(trajectory)
      .given([proposed(theProposal)])
      .when(completion(digital.programId, '2025-12-01'))
      .then([progressed(digitalItem.itemId, digital.programId, '2025-12-01')]);
  });

  it('decides nothing for the same completion twice, or a second completion of the program', () => {
    const given = [proposed(theProposal), progressed(literacyItem.itemId, literacy.programId)];
    deciderSpec(trajectory).given(given).when(completion(literacy.programId)).then([]);
    deciderSpec(trajectory).given(given).when(completion(literacy.programId, '2026-06-01')).then([]);
  });

  it('decides nothing for a program not in the trajectory, or dropped from it', () => {
    deciderSpec(trajectory)
      .given([proposed(theProposal)])
      .when(completion(extra.programId))
      .then([]);
    deciderSpec(trajectory)
      .given([
        proposed(theProposal),
        accepted([{ ...literacyItem, status: 'dropped' }, digitalItem, mentoringItem]),
      ])
      .when(completion(literacy.programId))
      .then([]);
  });

  it('decides nothing for a teacher without a trajectory that year', () => {
    deciderSpec(trajectory).given([]).when(completion(literacy.programId)).then([]);
  });
});

describe('school year', () => {
  it('runs from September to August and is named by the year it starts in', () => {
    expect(schoolYearOf('2025-09-01')).toBe(2025);
    expect(schoolYearOf('2025-12-31')).toBe(2025);
    expect(schoolYearOf('2026-01-01')).toBe(2025);
    expect(schoolYearOf('2026-08-31')).toBe(2025);
    expect(schoolYearOf('2026-09-01')).toBe(2026);
  });
});
