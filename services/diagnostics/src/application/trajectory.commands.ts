import { Injectable } from '@nestjs/common';
import type { CompetencyCode, TrajectoryV1 } from '@pk/contracts';
import { type CommandContext, DomainError } from '@pk/kernel';
import { EventSourcing } from '@pk/service-runtime';
import type { ActivityKind } from '../domain/recommend';
import { type AddedItem, trajectory } from '../domain/trajectory.decider';
import { type TeacherFacts, TrajectoryReplicas } from '../projections/trajectory-replica.queries';

/**
 * How far a caller reaches: its region, and for a school coordinator its organization. A teacher or
 * trajectory out of reach is answered as one that does not exist (404), so a coordinator learns
 * nothing of other schools' teachers.
 */
export interface Reach {
  readonly region: string;
  readonly organization?: string;
}

export type ItemToAdd =
  | { readonly kind: 'program'; readonly programId: string }
  | { readonly kind: ActivityKind; readonly title: string; readonly competencies: readonly CompetencyCode[] };

export interface TrajectoryView extends TrajectoryV1 {
  readonly status: 'proposed' | 'accepted';
}

/** The trajectory aggregate's commands (HTTP and the completion reaction) and its reads. */
@Injectable()
export class TrajectoryCommands {
  private readonly trajectories;

  constructor(
    eventSourcing: EventSourcing,
    private readonly replicas: TrajectoryReplicas,
  ) {
    // registered as "trajectory": the completion reaction sends its commands there
    this.trajectories = eventSourcing.handler(trajectory);
  }

  /** Proposes (or renews) the teacher's trajectory from its open deficits and the register. */
  async propose(request: { teacherId: string; year: number }, reach: Reach, caller: CommandContext) {
    const teacher = await this.teacherWithin(request.teacherId, reach);
    const deficits = await this.replicas.openDeficits(teacher.teacherId);
    const [organizationKind, programs] = await Promise.all([
      this.replicas.organizationKind(teacher.organizationId),
      this.replicas.programsCovering(teacher.region, deficits),
    ]);
    return this.trajectories.handle(
      trajectory.streamId(teacher.teacherId, request.year),
      {
        type: 'ProposeTrajectory',
        teacher: {
          teacherId: teacher.teacherId,
          region: teacher.region,
          organizationId: teacher.organizationId,
        },
        year: request.year,
        needs: { deficits, position: teacher.position, organizationKind },
        programs,
      },
      caller,
    );
  }

  /** The teacher's edit and acceptance; programs it adds are looked up in the register replica. */
  async accept(
    request: { teacherId: string; year: number; drop: readonly string[]; add: readonly ItemToAdd[] },
    reach: Reach,
    caller: CommandContext,
  ) {
    await this.trajectoryWithin(request.teacherId, request.year, reach);
    const add: AddedItem[] = await Promise.all(
      request.add.map(async (item) =>
        item.kind === 'program'
          ? {
              kind: 'program' as const,
              programId: item.programId,
              program: await this.replicas.program(item.programId),
            }
          : item,
      ),
    );
    return this.trajectories.handle(
      trajectory.streamId(request.teacherId, request.year),
      { type: 'AcceptTrajectory', teacherId: request.teacherId, year: request.year, drop: request.drop, add },
      caller,
    );
  }

  /** The trajectory as its stream tells it now. */
  async trajectoryWithin(teacherId: string, year: number, reach: Reach): Promise<TrajectoryView> {
    // Checked against the teacher's record, for every reader: a school's coordinator reaches the
    // teachers who work there now (the trajectory keeps the school it was proposed at), and an
    // erased teacher's trajectory is the person's and reads as no one's.
    await this.teacherWithin(teacherId, reach);
    const state = await this.trajectories.state(trajectory.streamId(teacherId, year));
    if (state.status === 'none' || state.region !== reach.region) {
      throw new DomainError('trajectory-not-found', `у педагога ${teacherId} нет траектории на ${year} год`);
    }
    const { status, teacherId: id, region, organizationId, items } = state;
    return { teacherId: id, region, organizationId, year: state.year, status, items };
  }

  private async teacherWithin(teacherId: string, reach: Reach): Promise<TeacherFacts> {
    const teacher = await this.replicas.teacher(teacherId);
    if (
      !teacher ||
      teacher.region !== reach.region ||
      (reach.organization !== undefined && teacher.organizationId !== reach.organization)
    ) {
      const where = reach.organization ? `organization ${reach.organization}` : `region ${reach.region}`;
      throw new DomainError('teacher-not-found', `педагог ${teacherId} не зарегистрирован (${where})`);
    }
    return teacher;
  }
}
