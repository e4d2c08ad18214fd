import type { ValidationError } from '@nestjs/common';

/**
 * The messages a refused request carries are read by Russian officials and teachers, so they are
 * in Russian; the field is named by its path in the request (the API's own English name), so a
 * developer finds it too. class-validator has no hook for another language: its default messages
 * are fixed English sentences, so each constraint is rendered here from its name, with the limit
 * read from the default message. A DTO that writes its own message (a format with an example)
 * writes it in Russian and it passes through unchanged.
 */
export function russianMessagesOf(error: ValidationError, parent = ''): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.entries(error.constraints ?? {}).map(
    ([constraint, english]) => `${path}: ${russianConstraint(constraint, english, error.property)}`,
  );
  return [...own, ...(error.children ?? []).flatMap((child) => russianMessagesOf(child, path))];
}

function russianConstraint(constraint: string, english: string, property: string): string {
  const limit = lastNumber(english);
  switch (constraint) {
    case 'whitelistValidation':
      return 'такого поля нет в запросе этого вида; уберите его (проверьте написание)';
    case 'isDefined':
    case 'isNotEmpty':
      return 'обязательное поле';
    case 'isInt':
      return 'должно быть целым числом';
    case 'isNumber':
      return 'должно быть числом';
    case 'isBoolean':
      return 'должно быть true или false';
    case 'isString':
      return 'должно быть строкой';
    case 'isArray':
      return 'должно быть списком';
    case 'isObject':
    case 'nestedValidation':
      return 'должно быть объектом';
    case 'min':
      return `должно быть не меньше ${limit}`;
    case 'max':
      return `должно быть не больше ${limit}`;
    case 'arrayMinSize':
      return `список должен содержать не меньше ${limit} ${elements(limit)}`;
    case 'arrayMaxSize':
      return `список должен содержать не больше ${limit} ${elements(limit)}`;
    case 'arrayUnique':
      return 'значения в списке не должны повторяться';
    case 'isIn':
    case 'isEnum':
      return `допустимые значения: ${english.split(':').slice(1).join(':').trim()}`;
    case 'isIso8601':
    case 'isISO8601':
      return 'должно быть датой, например 2026-09-01';
    default:
      // our own decorators and DTO messages: already Russian, written after the field's name
      return withoutField(english, property);
  }
}

/** A DTO's own message starts with the field's name ("inn: …"), which the path already gives. */
function withoutField(message: string, property: string): string {
  const named = /^([\w.[\]]+): /.exec(message);
  if (named && named[1]!.split('.').at(-1) === property) return message.slice(named[0].length);
  return message;
}

function lastNumber(text: string): string {
  const numbers = text.match(/-?\d+(?:\.\d+)?/g);
  return numbers?.at(-1) ?? '?';
}

/** «элемент», «элемента», «элементов» as Russian counts them. */
function elements(count: string): string {
  const n = Math.abs(Number(count)) % 100;
  if (n >= 11 && n <= 14) return 'элементов';
  if (n % 10 === 1) return 'элемента';
  return 'элементов';
}
