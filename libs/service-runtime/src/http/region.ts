import { Matches, type ValidationOptions } from 'class-validator';

/** A DTO property holding a two-digit region code ("63" Samara oblast, "24" Krasnoyarsk krai). */
export function RegionCode(options?: ValidationOptions): PropertyDecorator {
  return Matches(/^[0-9]{2}$/, {
    message: '$property: ожидается двузначный код региона, например 63',
    ...options,
  });
}
