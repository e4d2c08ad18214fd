import { projectionSpec, publishedEvent } from '@pk/test-kit';
import { catalogReplica } from './catalog-replica.projection';

const programId = '4b8d2f16-e9a3-4c57-8f10-6a3e9d7b2c58';
const providerId = '3e9a1c74-58b2-4f06-a1d3-7c2b9e5f8a10';
const organizationId = 'c2d84f17-9b3a-4e61-8a05-7f2e6b1d9c43';

describe('catalog replica projection', () => {
  it("keeps the register's card of an approved program, out of the register once archived, and organizations' kind", () => {
    projectionSpec(catalogReplica)
      .given([
        publishedEvent(
          'catalog.ProgramApproved',
          { programId, providerId, hours: 36, voucherEligible: true },
          { subject: `program-${programId}`, position: 6 },
        ),
        publishedEvent(
          'catalog.OrganizationRegistered',
          { organizationId, kind: 'preschool', inn: '6316123456' },
          { subject: `organization-${organizationId}`, position: 0 },
        ),
      ])
      .thenDocument('replica_programs', programId, {
        providerId,
        hours: 36,
        voucherEligible: true,
        inRegister: true,
      })
      .then('replica_organizations', [
        { _id: organizationId, region: '63', kind: 'preschool', inn: '6316123456' },
      ])
      .thenRedeliveryChangesNothing();
    projectionSpec(catalogReplica)
      .given([
        publishedEvent(
          'catalog.ProgramApproved',
          { programId, providerId },
          { subject: `program-${programId}`, position: 6 },
        ),
        publishedEvent(
          'catalog.ProgramArchived',
          { programId, providerId },
          { subject: `program-${programId}`, position: 7 },
        ),
      ])
      .thenDocument('replica_programs', programId, { inRegister: false, hours: 36 })
      .thenRedeliveryChangesNothing();
  });
});
