/**
 * Events monitoring stores and never publishes: the Irbey rows its municipal operators record are
 * monitoring's own answers to its own questionnaire; no other service acts on them, and the reports
 * that use them are read here.
 */
export const PRIVATE_EVENTS = ['monitoring.IrbeyCriterionRecorded'] as const;
