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

/**
 * Free text as the contracts define it: length counted in Unicode code points (as JSON Schema's
 * maxLength, which the contract check applies), well-formed UTF-16 (no lone surrogates), no
 * control characters. So what passes the DTO also passes the contract and fits the event store.
 */
export function textProblem(value: unknown, rule: TextRule): string | undefined {
  if (typeof value !== 'string') return 'должно быть строкой';
  if (!value.isWellFormed()) return 'текст повреждён: в нём есть одиночный суррогат UTF-16';
  if (CONTROL.test(value)) return 'не должно содержать управляющих символов';
  if (!rule.multiline && LINE_BREAKS.test(value)) return 'должно быть одной строкой без табуляций';
  const length = [...value].length;
  const min = rule.min ?? 1;
  if (length < min) return min === 1 ? 'не должно быть пустым' : `должно содержать не меньше ${min} символов`;
  if (length > rule.max) return `должно содержать не больше ${rule.max} символов, а содержит ${length}`;
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
