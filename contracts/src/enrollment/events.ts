// The data of every enrollment event version, its envelope and the EnrollmentEvent union are generated
// from contracts/schemas/enrollment (events.generated.ts). Defined before the enrollment service exists
// (contract first): diagnostics and external systems are built and tested against it.
export type * from './events.generated';
