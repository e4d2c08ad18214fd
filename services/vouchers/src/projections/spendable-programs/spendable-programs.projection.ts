import {
  type BlockKind,
  type CatalogEvent,
  type OrganizationKind,
  type Position,
  publicTopic,
} from '@pk/contracts';
import { type DocumentChange, defineProjection } from '@pk/projections';
import { DomainError } from '@pk/kernel';
import { Schema } from 'mongoose';
import { blockKindFor, type ProgramFacts } from '../../domain/entitlement';

// Vouchers' replica of the catalog's register, for the teacher's question "what can this block still
// be spent on". One document per program (it follows the program's stream, docs/read-models.md
// rule 1). The answer to the question is an indexed equality, not a scan: each program lists the
// fit keys it serves — region, block kind, position and kind of organization, the four things the
// seed's rule names — so the programs for one block of one teacher are `{fits: key}`, matching those
// programs only. An archived program, or one no longer voucher-eligible, lists none.

/**
 * The block kind a program fills, if any — the voucher decider's own rule (`blockKindFor`): a variable
 * block takes a 36-hour program, the internship block a 54-hour internship; advanced training only.
 */
export function blockKindOf(program: Pick<ProgramFacts, 'kind' | 'hours' | 'format'>): BlockKind | undefined {
  // the decider's rule reads these three fields of the card only
  const kind = blockKindFor(program as ProgramFacts);
  return kind instanceof DomainError ? undefined : kind;
}

/** The key a block of a teacher looks its programs up by. */
export function fitKey(
  region: string,
  block: BlockKind,
  position: Position | string,
  organizationKind: OrganizationKind | string,
): string {
  return `${region}|${block}|${position}|${organizationKind}`;
}

const programs = new Schema(
  {
    _id: String,
    region: String,
    providerId: String,
    revision: Number,
    title: String,
    hours: Number,
    format: String,
    subjects: [String],
    workProfile: String,
    competencies: [String],
    /** fitKey(region, block, position, kind) for every position × kind the program targets. */
    fits: [String],
    /** In the register, voucher-eligible, and of a block's size. */
    spendable: Boolean,
  },
  { versionKey: false },
).index({ fits: 1 });

/**
 * Providers' names and ownership: whom a general-education teacher may be trained by; and the ИНН, by
 * which the fraud signals find a provider that is the teacher's own organization.
 */
const providers = new Schema(
  { _id: String, region: String, name: String, ownership: String, inn: String },
  { versionKey: false },
);

export const spendablePrograms = defineProjection<CatalogEvent>()({
  name: 'voucher-spendable-programs',
  topics: [publicTopic('catalog')],
  eventTypes: [
    'catalog.ProgramApproved',
    'catalog.ProgramArchived',
    'catalog.ProviderRegistered',
    'catalog.ProviderUpdated',
  ],
  collections: { programs, providers },

  project(event): DocumentChange<'programs' | 'providers'>[] {
    const position = event.streamPosition;
    switch (event.type) {
      case 'catalog.ProgramApproved': {
        const p = event.data;
        const block = p.voucherEligible ? blockKindOf(p) : undefined;
        const fits =
          block === undefined
            ? []
            : p.targetPositions.flatMap((target) =>
                p.organizationTypes.map((kind) => fitKey(p.region, block, target, kind)),
              );
        return [
          {
            collection: 'programs',
            id: p.programId,
            position,
            set: {
              region: p.region,
              providerId: p.providerId,
              revision: p.revision,
              title: p.title,
              hours: p.hours,
              format: p.format,
              subjects: p.subjects,
              workProfile: p.workProfile,
              competencies: p.competencies,
              fits,
              spendable: fits.length > 0,
            },
          },
        ];
      }
      case 'catalog.ProgramArchived':
        return [
          {
            collection: 'programs',
            id: event.data.programId,
            position,
            set: { region: event.data.region, fits: [], spendable: false },
          },
        ];
      case 'catalog.ProviderRegistered':
      case 'catalog.ProviderUpdated': {
        const { providerId, region, name, ownership, inn } = event.data;
        return [{ collection: 'providers', id: providerId, position, set: { region, name, ownership, inn } }];
      }
      default:
        return [];
    }
  },
});
