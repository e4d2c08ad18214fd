import { isValidSnils, snilsCheckNumber, snilsDigits } from './snils';

describe('СНИЛС', () => {
  it.each([
    ['112-233-445 95', true], // sum 95: the check number is the sum
    ['11223344595', true],
    ['112-233-445 94', false],
    ['1122334459', false], // ten digits
    ['112-233-445 9a', false],
  ])('%s is valid: %s', (snils, valid) => {
    expect(isValidSnils(snils)).toBe(valid);
  });

  it('counts the weights 9 down to 1; 100 and 101 give 00, larger sums are taken modulo 101', () => {
    expect(snilsCheckNumber('000000055')).toBe('15'); // 2·5 + 1·5
    const sum = (digits: string) =>
      [...digits].reduce((total, digit, index) => total + Number(digit) * (9 - index), 0);
    // a number whose sum is exactly 100, 101, 102 and 201 (mod 101 = 100)
    const withSum = (target: number) => {
      for (let n = 1_002_000; n < 999_999_999; n += 7919) {
        const digits = String(n).padStart(9, '0');
        if (sum(digits) === target) return digits;
      }
      throw new Error(`no number with sum ${target}`);
    };
    expect(snilsCheckNumber(withSum(99))).toBe('99');
    expect(snilsCheckNumber(withSum(100))).toBe('00');
    expect(snilsCheckNumber(withSum(101))).toBe('00');
    expect(snilsCheckNumber(withSum(102))).toBe('01');
    expect(snilsCheckNumber(withSum(201))).toBe('00');
    expect(snilsCheckNumber(withSum(250))).toBe('48');
  });

  it('does not check numbers up to 001-001-998, issued before the check number existed', () => {
    expect(isValidSnils('001-001-998 00')).toBe(true);
    const check = snilsCheckNumber('001001999');
    expect(isValidSnils(`001-001-999 ${check}`)).toBe(true);
    expect(isValidSnils(`001-001-999 ${check === '00' ? '01' : '00'}`)).toBe(false);
  });

  it('reads the digits whatever the spaces and dashes', () => {
    expect(snilsDigits(' 112 233 445-95 ')).toBe('11223344595');
    expect(snilsDigits('112.233.445 95')).toBeUndefined();
  });
});
