import { ForbiddenException, Injectable } from '@nestjs/common';
import { DomainError } from '@pk/kernel';
import pLimit from 'p-limit';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import {
  type Impact,
  type ImpactCompletion,
  type ImpactProgram,
  type ImpactScore,
  impactOf,
} from '../indicators/impact';
import { impactFacts } from '../projections/impact-facts/impact-facts.projection';

/** Teachers' scores read at once: one read model connection serves them all. */
const READS_IN_FLIGHT = 8;

export interface ImpactAsked {
  readonly region: string;
  readonly year: number;
  readonly providerId?: string;
  readonly programId?: string;
  /** A provider's token: only its own programs. */
  readonly ownProviderId?: string;
}

export interface ImpactAnswer extends Impact {
  readonly region: string;
  readonly year: number;
  readonly providerId: string;
  readonly programId: string | null;
}

/**
 * Evidence of impact for one provider's programs or one program, over the courses completed in a
 * year. Reads the program(s), the year's completions by an equality on program or provider and
 * year, and each completer's scores by an equality on the teacher: it costs what the provider's
 * completers hold, not the region.
 */
@Injectable()
export class ImpactQueries {
  constructor(@InjectReadModel(impactFacts) private readonly facts: ReadModelOf<typeof impactFacts>) {}

  async impact(asked: ImpactAsked): Promise<ImpactAnswer> {
    const programs = await this.programsOf(asked);
    const providerId = programs[0]?.providerId ?? asked.providerId ?? asked.ownProviderId ?? '';
    if (asked.ownProviderId !== undefined && providerId !== asked.ownProviderId) {
      throw new ForbiddenException({
        code: 'program-of-another-provider',
        message: 'programId: программа другого организатора ПК',
      });
    }
    const filter =
      asked.programId === undefined
        ? { providerId, year: asked.year }
        : { programId: asked.programId, year: asked.year };
    const completions = (
      await this.facts.collection('completions').find<ImpactCompletion & { region: string }>(filter, {
        fields: { teacherId: 1, programId: 1, providerId: 1, completedOn: 1, region: 1 },
      })
    ).filter((completion) => completion.region === asked.region);
    const teachers = [...new Set(completions.map((completion) => completion.teacherId))];
    const limit = pLimit(READS_IN_FLIGHT);
    const scores = (
      await Promise.all(
        teachers.map((teacherId) =>
          limit(() =>
            this.facts
              .collection('scores')
              .find<ImpactScore>(
                { teacherId },
                { fields: { teacherId: 1, competency: 1, observedOn: 1, deficit: 1 } },
              ),
          ),
        ),
      )
    ).flat();
    return {
      region: asked.region,
      year: asked.year,
      providerId,
      programId: asked.programId ?? null,
      ...impactOf(completions, programs, scores),
    };
  }

  /** The one program asked, or the provider's programs (ordered by id, so pages are stable). */
  private async programsOf(asked: ImpactAsked): Promise<ImpactProgram[]> {
    const programs = this.facts.collection('programs');
    const fields = { providerId: 1, competencies: 1, region: 1 } as const;
    const found =
      asked.programId !== undefined
        ? await programs.find<{ _id: string; providerId: string; competencies: string[]; region: string }>(
            { _id: asked.programId },
            { fields },
          )
        : await programs.find<{ _id: string; providerId: string; competencies: string[]; region: string }>(
            { providerId: asked.providerId ?? asked.ownProviderId },
            { fields },
          );
    const inRegion = found.filter((program) => program.region === asked.region);
    if (asked.programId !== undefined && inRegion.length === 0) {
      throw new DomainError('program-not-found', 'programId: программа не найдена в регионе');
    }
    return inRegion
      .map((program) => ({
        programId: program._id,
        providerId: program.providerId,
        competencies: program.competencies,
      }))
      .sort((a, b) => a.programId.localeCompare(b.programId));
  }
}
