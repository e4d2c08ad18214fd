import type { IncomingMessage } from 'node:http';

/** The largest JSON body a service reads; larger ones get 413 before they are parsed. */
export const JSON_BODY_LIMIT = '1mb';
/**
 * The largest CSV body (a directory import) a service reads. 20 MB holds a region's organizations
 * many times over (2 000 rows are about 200 KB); a larger file is split, not streamed.
 */
export const CSV_BODY_LIMIT = '20mb';
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
        throw new BodyRefused(400, 'entity.reserved.key', `${key}: такое поле недопустимо`);
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
          `тело запроса вкладывает объекты и списки глубже ${JSON_BODY_MAX_DEPTH} уровней`,
        );
      }
    } else if (byte === 0x7d /* } */ || byte === 0x5d /* ] */) depth--;
  }
}

/**
 * body-parser's raw options for CSV: the bytes are handed over undecoded (a Buffer), because the
 * import detects the encoding itself (UTF-8 or Windows-1251, which body-parser cannot decode).
 * Only endpoints declaring `@Consumes('text/csv')` accept the type; others answer 415 as before.
 */
export function csvBodyOptions() {
  return { limit: CSV_BODY_LIMIT, type: ['text/csv'] };
}

/**
 * An Express error handler placed right after the CSV parser: its "too large" error is reworded,
 * since the problem filter would otherwise quote the JSON limit. Other errors pass on unchanged.
 */
export function csvBodyTooLarge(
  error: unknown,
  request: IncomingMessage,
  _response: unknown,
  next: (error?: unknown) => void,
): void {
  const tooLarge = (error as { type?: unknown } | null)?.type === 'entity.too.large';
  const csv = /^text\/csv\b/i.test(String(request.headers['content-type'] ?? ''));
  next(
    tooLarge && csv
      ? new BodyRefused(
          413,
          'entity.too.large',
          `CSV-файл больше ${CSV_BODY_LIMIT.replace('mb', ' МБ')}; разделите его на несколько импортов`,
        )
      : error,
  );
}
