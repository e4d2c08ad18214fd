import { isRegionCode, REGION_CODES } from '@pk/contracts';
import { applyDecorators } from '@nestjs/common';
import { Matches, ValidateBy, type ValidationOptions } from 'class-validator';

const TWO_DIGITS = /^[0-9]{2}$/;

/** Why a region code is refused, or undefined for a region of the directory (contracts' REGIONS). */
export function regionCodeProblem(field: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || !TWO_DIGITS.test(value)) {
    return `${field}: ожидается двузначный код региона, например 63`;
  }
  if (!isRegionCode(value)) {
    return `${field}: ${value} — не код субъекта РФ из справочника регионов; коды от 01 до 95, например 63`;
  }
  return undefined;
}

/**
 * A DTO property holding a region code ("63" Samara oblast, "24" Krasnoyarsk krai): two digits, and
 * the code of one of the directory's regions — a region the directory does not hold has no calendar
 * (time zone) to decide its dates by, so it is refused at the door.
 */
export function RegionCode(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Matches(TWO_DIGITS, { message: '$property: ожидается двузначный код региона, например 63', ...options }),
    ValidateBy(
      {
        name: 'knownRegion',
        constraints: [REGION_CODES.length],
        validator: {
          // malformed codes are Matches' to name; this names the well-formed code of no region
          validate: (value: unknown) =>
            typeof value !== 'string' || !TWO_DIGITS.test(value) || isRegionCode(value),
          defaultMessage: (args) => regionCodeProblem(args?.property ?? 'region', args?.value) ?? '',
        },
      },
      options,
    ),
  );
}
