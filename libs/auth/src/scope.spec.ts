import { ForbiddenException } from '@nestjs/common';
import type { Principal } from './principal';
import { assertWithinScope, isWithinScope, type ResourceScope, type Scope } from './scope';

const operator: Principal = {
  subject: 'op-1',
  role: 'municipal-operator',
  region: '63',
  municipality: 'tolyatti',
};
const coordinator: Principal = {
  subject: 'co-1',
  role: 'school-coordinator',
  region: '63',
  organization: 'school-5',
};
const minister: Principal = { subject: 'min-1', role: 'ministry-admin', region: '63' };
const federal: Principal = { subject: 'fed-1', role: 'federal-analyst', region: '*' };

describe('isWithinScope', () => {
  it.each<[string, Principal, ResourceScope, Scope, boolean]>([
    ['same region', minister, { region: '63' }, 'region', true],
    ['no target fields means own region', minister, {}, 'region', true],
    ['another region', minister, { region: '24' }, 'region', false],
    ['region named only by municipality', minister, { municipality: 'tolyatti' }, 'region', false],
    ['own municipality', operator, { region: '63', municipality: 'tolyatti' }, 'municipality', true],
    ['other municipality', operator, { region: '63', municipality: 'samara' }, 'municipality', false],
    ['municipality not named', operator, { region: '63' }, 'municipality', false],
    ['region not named', operator, { municipality: 'tolyatti' }, 'municipality', false],
    ['empty target', operator, {}, 'municipality', false],
    [
      'same municipality name, other region',
      operator,
      { region: '24', municipality: 'tolyatti' },
      'municipality',
      false,
    ],
    [
      'token without municipality',
      minister,
      { region: '63', municipality: 'tolyatti' },
      'municipality',
      false,
    ],
    ['own organization', coordinator, { region: '63', organization: 'school-5' }, 'organization', true],
    ['other organization', coordinator, { region: '63', organization: 'school-6' }, 'organization', false],
    ['organization not named', coordinator, { region: '63' }, 'organization', false],
    [
      'token without organization',
      operator,
      { region: '63', organization: 'school-5' },
      'organization',
      false,
    ],
    ['own record', operator, { region: '63', subject: 'op-1' }, 'own-record', true],
    ['someone else’s record', operator, { region: '63', subject: 'op-2' }, 'own-record', false],
    ['record not named', operator, { region: '63' }, 'own-record', false],
    ['own record in another region', operator, { region: '24', subject: 'op-1' }, 'own-record', false],
    // the federal token names every region: it passes the federation scope for any region…
    ['federal, any region', federal, { region: '24' }, 'federation', true],
    ['federal, no region named', federal, {}, 'federation', true],
    // …and no region-bound scope, since no region is "*"
    ['federal at region scope', federal, { region: '63' }, 'region', false],
    ['federal at municipality scope', federal, { region: '63', municipality: 'x' }, 'municipality', false],
    // a region-bound token never passes the federation scope, even of its own region
    ['ministry at federation scope', minister, { region: '63' }, 'federation', false],
  ])('%s', (_case, principal, target, scope, expected) => {
    expect(isWithinScope(principal, target, scope)).toBe(expected);
  });
});

describe('assertWithinScope', () => {
  function refusal(principal: Principal, target: ResourceScope, scope: Scope): string {
    try {
      assertWithinScope(principal, target, scope);
    } catch (error) {
      expect(error).toBeInstanceOf(ForbiddenException);
      return (error as ForbiddenException).message;
    }
    throw new Error('expected a refusal');
  }

  it.each<[Principal, ResourceScope, Scope, string]>([
    [minister, { region: '24' }, 'region', 'токен региона 63 не даёт доступа к региону 24'],
    [operator, { region: '24', municipality: 'tolyatti' }, 'municipality', 'не даёт доступа к региону 24'],
    [
      operator,
      { region: '63', municipality: 'samara' },
      'municipality',
      'municipality tolyatti не даёт доступа к municipality samara',
    ],
    [operator, { region: '63' }, 'municipality', 'в запросе не указано municipality'],
    [operator, { subject: 'op-1' }, 'own-record', 'в запросе не указан регион'],
    [minister, { region: '63', organization: 'school-5' }, 'organization', 'в токене нет поля organization'],
    [minister, {}, 'federation', 'токен региона 63 не даёт доступа к данным всех регионов'],
  ])('says what did not match: %#', (principal, target, scope, message) => {
    expect(refusal(principal, target, scope)).toContain(message);
  });

  it('passes silently inside the scope', () => {
    expect(() =>
      assertWithinScope(operator, { region: '63', municipality: 'tolyatti' }, 'municipality'),
    ).not.toThrow();
  });
});
