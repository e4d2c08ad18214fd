import type { IncomingMessage } from 'node:http';

/** The largest JSON body a service reads; larger ones get 413 before they are parsed. */
export const JSON_BODY_LIMIT = '1mb';
/** How deep objects and arrays may nest in a JSON body: no command of ours needs more than a few. */
export const JSON_BODY_MAX_DEPTH = 32;

/**
 * Keys no DTO declares and that JavaScript gives a meaning of its own. class-transformer would drop
 * them silently while other unknown fields are refused; refusing them while parsing keeps one rule.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A body refused while it is read; body-parser answers with its status, the filter with its message. */
export class BodyRefused extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** body-parser's JSON options: size limit, nesting limit, reserved keys; JSON media types only. */
export function jsonBodyOptions() {
  return {
    limit: JSON_BODY_LIMIT,
    type: ['application/json', 'application/*+json'],
    strict: true,
    // Runs on the (decompressed) bytes before JSON.parse: a body nested thousands deep would
    // otherwise overflow the stack of whatever walks it recursively later (the validation pipe).
    verify: (_request: IncomingMessage, _response: unknown, body: Buffer) => assertNesting(body),
    reviver: (key: string, value: unknown) => {
      if (RESERVED_KEYS.has(key)) {
        throw new BodyRefused(400, 'entity.reserved.key', `property ${key} should not exist`);
      }
      return value;
    },
  };
}

/** Walks JSON text once, outside strings, counting open objects and arrays. */
function assertNesting(body: Buffer): void {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const byte of body) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === 0x5c /* \ */) escaped = true;
      else if (byte === 0x22 /* " */) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b /* { */ || byte === 0x5b /* [ */) {
      if (++depth > JSON_BODY_MAX_DEPTH) {
        throw new BodyRefused(
          400,
          'entity.too.deep',
          `request body nests objects and arrays deeper than ${JSON_BODY_MAX_DEPTH} levels`,
        );
      }
    } else if (byte === 0x7d /* } */ || byte === 0x5d /* ] */) depth--;
  }
}
