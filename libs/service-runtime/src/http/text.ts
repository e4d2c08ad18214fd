import { ValidateBy, type ValidationOptions } from 'class-validator';

export interface TextRule {
  readonly min?: number;
  readonly max: number;
  /** Line breaks and tabs allowed (annotations, comments); names and titles are one line. */
  readonly multiline?: boolean;
}

// C0 controls and DEL: invisible, and NUL is text PostgreSQL cannot store at all.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;
const LINE_BREAKS = /[\t\n\r]/u;
// Bidirectional embeddings, overrides and isolates (LRE…RLO, LRI…PDI): they make a name read
// differently from what is stored ("Trojan Source"), and Russian text has no use for them.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;
// What renders as nothing: white space, format characters (zero-width space and joiners, marks,
// BOM, soft hyphen…), and the blank letters some fonts draw empty (Hangul fillers, braille blank).
const INVISIBLE = /[\p{White_Space}\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]/gu;

/**
 * Free text as the contracts define it: length counted in Unicode code points (as JSON Schema's
 * maxLength, which the contract check applies), well-formed UTF-16 (no lone surrogates), no
 * control characters, no bidirectional controls, and (when not empty) something visible. So what passes the DTO also passes the contract and fits the event store.
 */
export function textProblem(value: unknown, rule: TextRule): string | undefined {
  if (typeof value !== 'string') return 'должно быть строкой';
  if (!value.isWellFormed()) return 'текст повреждён: в нём есть одиночный суррогат UTF-16';
  if (CONTROL.test(value)) return 'не должно содержать управляющих символов';
  if (!rule.multiline && LINE_BREAKS.test(value)) return 'должно быть одной строкой без табуляций';
  const hidden = hiddenText(value);
  if (hidden === 'bidi')
    return 'не должно содержать символов управления направлением письма (U+202A–U+202E, U+2066–U+2069): они показывают текст не таким, как он записан';
  if (hidden === 'invisible') return 'должно содержать видимые символы, а не только пробелы или невидимые';
  const length = [...value].length;
  const min = rule.min ?? 1;
  if (length < min) return min === 1 ? 'не должно быть пустым' : `должно содержать не меньше ${min} символов`;
  if (length > rule.max) return `должно содержать не больше ${rule.max} символов, а содержит ${length}`;
  return undefined;
}

/**
 * Text that shows otherwise than it is stored: with bidirectional controls (`bidi`), or with
 * nothing visible in it (`invisible`; empty text is not). For checks outside a DTO (an import's own
 * row rules) to apply the same rule as @Text.
 */
export function hiddenText(value: string): 'bidi' | 'invisible' | undefined {
  if (BIDI_CONTROLS.test(value)) return 'bidi';
  if (value.length > 0 && value.replace(INVISIBLE, '').length === 0) return 'invisible';
  return undefined;
}

/** A DTO property holding free text (see textProblem). */
export function Text(rule: TextRule, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'text',
      validator: {
        validate: (value) => textProblem(value, rule) === undefined,
        defaultMessage: (args) => `${args?.property}: ${textProblem(args?.value, rule)}`,
      },
    },
    options,
  );
}
