import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NIL = '00000000-0000-0000-0000-000000000000';

/**
 * An identifier in its one canonical form: a UUID in lower case. Every service takes identifiers
 * through this, so "ABC…" and "abc…" can never become two aggregates.
 */
export function canonicalId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return UUID.test(lower) && lower !== NIL ? lower : undefined;
}

const message = (field: string) =>
  `${field}: ожидается идентификатор UUID, например 5b1c1c7e-2f51-4f4e-9f7e-0d1f0a8b7c11 (не нулевой)`;

/** A DTO property holding an identifier: lower-cased at the edge, then checked. */
export function EntityId(options?: ValidationOptions): PropertyDecorator {
  const normalise = Transform(({ value }) => canonicalId(value) ?? value);
  const check = ValidateBy(
    {
      name: 'entityId',
      validator: {
        validate: (value) => typeof value === 'string' && canonicalId(value) === value,
        defaultMessage: (args) => message(args?.property ?? 'value'),
      },
    },
    options,
  );
  return (target, key) => {
    normalise(target, key);
    check(target, key);
  };
}

/** The same rule for a route parameter: `@Param('programId', EntityIdPipe)`. */
export class EntityIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: { data?: string }): string {
    const id = canonicalId(value);
    if (id === undefined) throw new BadRequestException([message(metadata.data ?? 'id')]);
    return id;
  }
}
