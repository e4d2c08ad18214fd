/** Injection tokens of the write side; services inject the EventSourcing service, rarely these. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const EVENT_SCHEMAS = Symbol('EVENT_SCHEMAS');
export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
export const CLOCK = Symbol('CLOCK');
export const SCHEDULE = Symbol('SCHEDULE');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
/** What the relay publishes of a stored event (its public form, none for a private one). */
export const PUBLIC_FORM = Symbol('PUBLIC_FORM');
