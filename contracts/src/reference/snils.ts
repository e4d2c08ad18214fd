/**
 * СНИЛС, the insurance number every employed person in Russia has: the teacher's natural key. Eleven
 * digits, the last two a check number over the first nine (digit × weight 9…1, summed; below 100 it
 * is the sum, 100 and 101 give 00, above that the sum modulo 101, where 100 again gives 00). Numbers
 * up to 001-001-998 were issued before the check existed and carry none. In the contracts because
 * the teacher import's file format is public: whoever writes such a file (a region's HR system, the
 * demo region generator) checks its numbers with the rule diagnostics applies.
 */

/** The digits of a SNILS as people write it ("112-233-445 95", "11223344595"); undefined if not 11. */
export function snilsDigits(text: string): string | undefined {
  const digits = text.replace(/[\s-]/g, '');
  return /^[0-9]{11}$/.test(digits) ? digits : undefined;
}

/** The check number of the first nine digits, as two digits. */
export function snilsCheckNumber(nineDigits: string): string {
  let sum = 0;
  for (let index = 0; index < 9; index++) sum += Number(nineDigits[index]) * (9 - index);
  const check = sum < 100 ? sum : sum % 101 === 100 ? 0 : sum % 101;
  return String(check).padStart(2, '0');
}

/** Whether the text is a SNILS whose check number is right (formatting ignored). */
export function isValidSnils(text: string): boolean {
  const digits = snilsDigits(text);
  if (digits === undefined) return false;
  const number = digits.slice(0, 9);
  if (Number(number) <= 1_001_998) return true;
  return snilsCheckNumber(number) === digits.slice(9);
}
