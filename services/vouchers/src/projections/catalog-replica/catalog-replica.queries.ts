import { Injectable } from '@nestjs/common';
import type { ReadModelOf } from '@pk/projections';
import { InjectReadModel } from '@pk/service-runtime';
import type { ProgramFacts } from '../../domain/entitlement';
import { catalogReplica } from './catalog-replica.projection';

type ProgramDocument = Omit<ProgramFacts, 'programId'> & { readonly _id: string };

/** The register as vouchers knows it. */
@Injectable()
export class ProgramReplica {
  constructor(@InjectReadModel(catalogReplica) private readonly model: ReadModelOf<typeof catalogReplica>) {}

  /**
   * A program of the register, or null when catalog never approved it (caught up, still missing). An
   * archived program is returned with `inRegister: false`: the decider refuses it by name.
   */
  async program(programId: string): Promise<ProgramFacts | null> {
    const found = await this.model.lookUp(`program ${programId}`, () =>
      this.model.collection('replica_programs').findById<ProgramDocument>(programId),
    );
    if (!found || found.kind === undefined) return null; // archived before vouchers saw its approval
    const { _id, ...card } = found;
    return {
      programId: _id,
      region: card.region,
      providerId: card.providerId,
      kind: card.kind,
      hours: card.hours,
      format: card.format,
      targetPositions: card.targetPositions,
      organizationTypes: card.organizationTypes,
      subjects: card.subjects,
      workProfile: card.workProfile,
      voucherEligible: card.voucherEligible,
      inRegister: card.inRegister,
    };
  }
}
