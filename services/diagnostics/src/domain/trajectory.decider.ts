import type { CompetencyCode, TrajectoryItem, TrajectoryProgressedV1, TrajectoryV1 } from '@pk/contracts';
import { defineAggregate, type DomainEvent, DomainError, unknownCommand } from '@pk/kernel';
import { v5 as uuidV5 } from 'uuid';
import { type ActivityKind, type ProgramCard, recommend, type TeacherNeeds } from './recommend';

// An individual trajectory (ИОМ) of one teacher for one school year: proposed from the teacher's
// open deficits and the register, edited and accepted by the teacher, marked item by item as courses
// are completed. A completion never closes a deficit: only a later diagnostic does (DeficitResolved).

/** The contract's limit on a trajectory's items (TrajectoryProposed/Accepted v1, maxItems). */
export const MAX_ITEMS = 30;

/** Namespace of trajectory item ids (UUID v5). Never change it: item ids of every trajectory derive from it. */
export const TRAJECTORY_ITEM_IDS = '2b7e4c91-5d3a-4f68-9e20-8c1f6a4d7b35';

/** `trajectory-<teacherId>-<year>`: one stream per teacher and school year. */

/**
 * The school year a date falls in, named by the calendar year it starts in: 1 September 2025 to
 * 31 August 2026 is 2025. A course completed on 2026-04-17 counts toward the trajectory of 2025.
 */
export function schoolYearOf(date: string): number {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return month >= 9 ? year : year - 1;
}

/**
 * An item's id derives from what the item is: the program for a course, the kind and title for an
 * activity. So the same proposal names the same items again, a program added twice is one item, and
 * a renewed proposal keeps the ids (and progress) of items it proposes again.
 */
export function itemIdOf(teacherId: string, year: number, key: string): string {
  return uuidV5(`${teacherId}/${year}/${key}`, TRAJECTORY_ITEM_IDS);
}

const programKey = (programId: string) => `program/${programId}`;
const activityKey = (kind: ActivityKind, title: string) => `${kind}/${title}`;

export interface TeacherPlaceFacts {
  readonly teacherId: string;
  readonly region: string;
  readonly organizationId: string;
}

export type ProposeTrajectory = {
  readonly type: 'ProposeTrajectory';
  readonly teacher: TeacherPlaceFacts;
  readonly year: number;
  readonly needs: TeacherNeeds;
  /** Approved programs of the register that cover at least one of the deficits (the replica's). */
  readonly programs: readonly ProgramCard[];
};

export type AddedItem =
  | {
      readonly kind: 'program';
      readonly programId: string;
      /** The program as the register holds it; null when it holds no approved program of that id. */
      readonly program: ProgramCard | null;
    }
  | {
      readonly kind: ActivityKind;
      readonly title: string;
      readonly competencies: readonly CompetencyCode[];
    };

/** The teacher's edit: drop items (by id), add programs of the register or activities, and accept. */
export type AcceptTrajectory = {
  readonly type: 'AcceptTrajectory';
  readonly teacherId: string;
  readonly year: number;
  readonly drop: readonly string[];
  readonly add: readonly AddedItem[];
};

/** A course of the register was completed (enrollment's CourseCompleted). */
export type RecordCompletion = {
  readonly type: 'RecordCompletion';
  readonly teacherId: string;
  readonly year: number;
  readonly programId: string;
  readonly completedOn: string;
};

export type TrajectoryCommand = ProposeTrajectory | AcceptTrajectory | RecordCompletion;

export type TrajectoryEvent =
  | DomainEvent<'diagnostics.TrajectoryProposed', TrajectoryV1>
  | DomainEvent<'diagnostics.TrajectoryAccepted', TrajectoryV1>
  | DomainEvent<'diagnostics.TrajectoryProgressed', TrajectoryProgressedV1>;

export type TrajectoryState =
  { readonly status: 'none' } | ({ readonly status: 'proposed' | 'accepted' } & TrajectoryV1);

export const trajectory = defineAggregate<
  TrajectoryState,
  TrajectoryCommand,
  TrajectoryEvent,
  [teacherId: string, year: number]
>({
  name: 'trajectory',
  key: (teacherId, year) => `${teacherId}-${year}`,
  initialState: { status: 'none' },
  decide(command, state) {
    const { type } = command;
    switch (type) {
      case 'ProposeTrajectory':
        return propose(command, state);
      case 'AcceptTrajectory':
        return accept(command, state);
      case 'RecordCompletion':
        return recordCompletion(command, state);
      default:
        return unknownCommand(type);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'diagnostics.TrajectoryProposed':
        return { status: 'proposed', ...event.data };
      case 'diagnostics.TrajectoryAccepted':
        return { status: 'accepted', ...event.data };
      case 'diagnostics.TrajectoryProgressed':
        if (state.status === 'none') return state;
        return {
          ...state,
          items: state.items.map((item) =>
            item.itemId === event.data.itemId ? { ...item, status: 'completed' } : item,
          ),
        };
      default:
        return state;
    }
  },
});

/**
 * The proposal: the programs the recommendation chooses, then activities for deficits no program
 * covers. Renewed while the teacher has not accepted (new deficits, a new program in the register),
 * items completed meanwhile stay completed; once accepted, the trajectory is the teacher's to edit.
 */
function propose(command: ProposeTrajectory, state: TrajectoryState): TrajectoryEvent[] {
  const { teacher, year } = command;
  if (state.status === 'accepted') {
    throw new DomainError(
      'trajectory-already-accepted',
      `траектория педагога ${teacher.teacherId} на ${year} год уже принята; её изменяет сам педагог`,
    );
  }
  if (command.needs.deficits.length === 0) {
    throw new DomainError(
      'no-open-deficits',
      `у педагога ${teacher.teacherId} нет открытых дефицитов, под которые строить траекторию`,
    );
  }
  // A teacher's vouchers and courses are its region's: another region's program is never proposed.
  const programs = command.programs.filter((p) => p.region === teacher.region);
  const { chosen, activities } = recommend(command.needs, programs);
  const id = (key: string) => itemIdOf(teacher.teacherId, year, key);
  const proposed: TrajectoryItem[] = [
    ...chosen.map(({ program, covers }) => ({
      itemId: id(programKey(program.programId)),
      kind: 'program' as const,
      programId: program.programId,
      title: program.title,
      competencies: covers,
      status: 'planned' as const,
    })),
    ...activities.map((activity) => ({
      itemId: id(activityKey(activity.kind, activity.title)),
      kind: activity.kind,
      programId: null,
      title: activity.title,
      competencies: activity.competencies,
      status: 'planned' as const,
    })),
  ];
  const before = state.status === 'none' ? [] : state.items;
  const completed = new Set(before.filter((i) => i.status === 'completed').map((i) => i.itemId));
  const items = [
    ...proposed.map((item) =>
      completed.has(item.itemId) ? { ...item, status: 'completed' as const } : item,
    ),
    ...before.filter((i) => i.status === 'completed' && !proposed.some((p) => p.itemId === i.itemId)),
  ].slice(0, MAX_ITEMS); // at most 14 deficits: 14 programs and 4 activities never reach the limit
  const data: TrajectoryV1 = {
    teacherId: teacher.teacherId,
    region: teacher.region,
    organizationId: teacher.organizationId,
    year,
    items,
  };
  if (state.status === 'proposed' && same(state, data)) return [];
  return [{ type: 'diagnostics.TrajectoryProposed', data }];
}

/**
 * The teacher's edit and acceptance: drops first, then additions (an added item that is there and
 * dropped is planned again; one that is planned or completed stays as it is). A completed item
 * cannot be dropped: the course was taken. The same edit again decides nothing.
 */
function accept(command: AcceptTrajectory, state: TrajectoryState): TrajectoryEvent[] {
  const { teacherId, year } = command;
  if (state.status === 'none') {
    throw new DomainError(
      'trajectory-not-found',
      `у педагога ${teacherId} нет траектории на ${year} год: сначала предложите её`,
    );
  }
  const items = new Map(state.items.map((item) => [item.itemId, item]));
  for (const itemId of command.drop) {
    const item = items.get(itemId);
    if (!item) {
      throw new DomainError(
        'unknown-trajectory-item',
        `в траектории педагога ${teacherId} на ${year} год нет пункта ${itemId}`,
      );
    }
    if (item.status === 'completed') {
      throw new DomainError(
        'completed-item-cannot-be-dropped',
        `пункт ${itemId} («${item.title}») выполнен и остаётся в траектории`,
      );
    }
    items.set(itemId, { ...item, status: 'dropped' });
  }
  for (const added of command.add) {
    const item = newItem(added, state);
    const there = items.get(item.itemId);
    if (!there) items.set(item.itemId, item);
    else if (there.status === 'dropped') items.set(item.itemId, { ...there, status: 'planned' });
  }
  if (items.size > MAX_ITEMS) {
    throw new DomainError(
      'trajectory-too-long',
      `в траектории не больше ${MAX_ITEMS} пунктов, включая исключённые; после этого изменения их было бы ${items.size}`,
    );
  }
  const data: TrajectoryV1 = {
    teacherId: state.teacherId,
    region: state.region,
    organizationId: state.organizationId,
    year: state.year,
    items: [...items.values()],
  };
  if (state.status === 'accepted' && same(state, data)) return [];
  return [{ type: 'diagnostics.TrajectoryAccepted', data }];
}

function newItem(added: AddedItem, state: TrajectoryV1): TrajectoryItem {
  const id = (key: string) => itemIdOf(state.teacherId, state.year, key);
  if (added.kind === 'program') {
    const program = added.program;
    if (program === null || program.region !== state.region) {
      throw new DomainError(
        'program-not-in-register',
        `программы ${added.programId} нет среди одобренных программ реестра региона ${state.region}`,
      );
    }
    return {
      itemId: id(programKey(program.programId)),
      kind: 'program',
      programId: program.programId,
      title: program.title,
      competencies: [...program.competencies],
      status: 'planned',
    };
  }
  return {
    itemId: id(activityKey(added.kind, added.title)),
    kind: added.kind,
    programId: null,
    title: added.title,
    competencies: [...new Set(added.competencies)],
    status: 'planned',
  };
}

/**
 * A completed course marks the planned item of that program completed. A course not in the
 * trajectory (or dropped from it), one already marked, or a teacher without a trajectory that year
 * changes nothing: the completion is recorded by enrollment either way.
 */
function recordCompletion(command: RecordCompletion, state: TrajectoryState): TrajectoryEvent[] {
  if (state.status === 'none') return [];
  const item = state.items.find(
    (i) => i.kind === 'program' && i.programId === command.programId && i.status === 'planned',
  );
  if (!item) return [];
  return [
    {
      type: 'diagnostics.TrajectoryProgressed',
      data: {
        teacherId: state.teacherId,
        region: state.region,
        itemId: item.itemId,
        programId: command.programId,
        completedOn: command.completedOn,
      },
    },
  ];
}

// Compared field by field: stored events come back from PostgreSQL (jsonb) with their keys reordered.
function same(state: TrajectoryV1, data: TrajectoryV1): boolean {
  return (
    state.organizationId === data.organizationId &&
    state.items.length === data.items.length &&
    state.items.every((a, n) => {
      const b = data.items[n]!;
      return (
        a.itemId === b.itemId &&
        a.kind === b.kind &&
        a.programId === b.programId &&
        a.title === b.title &&
        a.status === b.status &&
        a.competencies.join() === b.competencies.join()
      );
    })
  );
}
