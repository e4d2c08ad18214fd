import { randomUUID } from 'node:crypto';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Principal } from '@pk/auth';
import { type InMemoryService, publishedEvent, startInMemoryService, TestClock } from '@pk/test-kit';
import {
  budgeted,
  contractSigned,
  expired,
  issued,
  redeemed,
  released,
  reserved,
  teacherPlace,
} from '../../test/ledger.fixtures';
import { service } from '../service';

// The vouchers' reads on the in-memory kit: a teacher's voucher with what each block can still be
// spent on, a school's staff, a provider's blocks and money, the year's totals — and who may read
// what, cell by cell. The same reads over FerretDB and Kafka: voucher-read-api.int.spec.ts.

interface Block {
  block: number;
  state: string;
  mustMatchProfile: boolean;
  spendableOn: { programId: string; matchesProfile: boolean }[];
}
interface Voucher {
  voucherId: string;
  status: string;
  reserved: number;
  redeemed: number;
  returned: number;
  blocks: Block[];
}

describe('vouchers read API', () => {
  const clock = new TestClock(new Date('2026-03-02T09:00:00Z'));
  let api: InMemoryService;

  const place = teacherPlace({ subjects: ['mathematics'] });
  const colleague = teacherPlace({
    organizationId: place.organizationId,
    municipalityId: place.municipalityId,
  });
  const providerId = randomUUID();
  const uncontracted = randomUUID();
  const mathematics = randomUUID();
  const history = randomUUID();
  const elsewhere = randomUUID(); // a program whose provider has no contract of the year
  const internship = randomUUID();

  const self: Principal = { subject: place.teacherId, role: 'teacher', region: '63' };
  const otherTeacher: Principal = { subject: colleague.teacherId, role: 'teacher', region: '63' };
  const coordinator: Principal = {
    subject: 'oo',
    role: 'school-coordinator',
    region: '63',
    organization: place.organizationId,
  };
  const farCoordinator: Principal = {
    subject: 'oo2',
    role: 'school-coordinator',
    region: '63',
    organization: randomUUID(),
  };
  const provider: Principal = { subject: 'p', role: 'provider', region: '63', organization: providerId };
  const otherProvider: Principal = {
    subject: 'p2',
    role: 'provider',
    region: '63',
    organization: uncontracted,
  };
  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region: '63' };
  const auditor: Principal = { subject: 'audit', role: 'auditor', region: '63' };
  const admin24: Principal = { subject: 'admin-24', role: 'ministry-admin', region: '24' };
  const auditor24: Principal = { subject: 'audit-24', role: 'auditor', region: '24' };
  const operator: Principal = {
    subject: 'mo',
    role: 'municipal-operator',
    region: '63',
    municipality: place.municipalityId,
  };
  const expert: Principal = { subject: 'e', role: 'expert', region: '63' };

  let contractId = '';
  let voucherId = '';

  const program = (programId: string, fields: Record<string, unknown>, position = 1) =>
    publishedEvent(
      'catalog.ProgramApproved',
      {
        programId,
        providerId,
        hours: 36,
        format: 'distance',
        targetPositions: ['teacher'],
        organizationTypes: ['school'],
        voucherEligible: true,
        workProfile: '',
        ...fields,
      },
      { subject: `program-${programId}`, position },
    );

  beforeAll(async () => {
    api = await startInMemoryService(service, { clock });
    api.publish(
      publishedEvent(
        'catalog.ProviderRegistered',
        { providerId, name: 'СИПКРО' },
        { subject: `provider-${providerId}` },
      ),
      program(mathematics, { title: 'Математика: функциональная грамотность', subjects: ['mathematics'] }),
      program(history, { title: 'История: музейная педагогика', subjects: ['history'] }),
      program(elsewhere, {
        title: 'Алгебра без договора',
        subjects: ['mathematics'],
        providerId: uncontracted,
      }),
      program(internship, {
        title: 'Стажировка на предприятии',
        hours: 54,
        format: 'internship',
        targetPositions: ['industrial-training-master'],
        organizationTypes: ['vocational-college'],
        subjects: ['vocational-training'],
      }),
    );
    contractId = (await contractSigned(api.store, providerId)).contractId;
    voucherId = (await issued(api.store, place)).voucherId;
    await issued(api.store, colleague);
  });
  afterAll(() => api.close());

  const ownVouchers = async (principal: Principal = self) =>
    (await api.as(principal).get<{ vouchers: Voucher[] }>(`/teachers/${place.teacherId}/vouchers`)).body
      .vouchers;

  it('shows the teacher each free block with the contracted programs that fit it', async () => {
    const [voucher] = await ownVouchers();
    expect(voucher).toMatchObject({ voucherId, status: 'issued', reserved: 0, redeemed: 0 });
    for (const block of voucher!.blocks) {
      expect(block).toMatchObject({ state: 'free', mustMatchProfile: false });
      // the register's fitting programs of a contracted provider, matching the subject or not
      expect(block.spendableOn.map((p) => p.programId).sort()).toEqual([mathematics, history].sort());
    }
    expect(voucher!.blocks[0]!.spendableOn.find((p) => p.programId === history)!.matchesProfile).toBe(false);
  });

  it('narrows the last free block to the subject once the other went to another subject', async () => {
    const own = await issued(api.store, teacherPlace({ subjects: ['mathematics'] }), 2027);
    const signed = await contractSigned(api.store, providerId, '63', 2027);
    await reserved(api.store, own, 1, {
      providerId,
      contractId: signed.contractId,
      programId: history,
      matchesProfile: false,
    });
    const answer = await api
      .as({ subject: own.teacherId, role: 'teacher', region: '63' })
      .get<{ vouchers: Voucher[] }>(`/teachers/${own.teacherId}/vouchers?year=2027`);
    const [, second] = answer.body.vouchers[0]!.blocks;
    expect(second).toMatchObject({ state: 'free', mustMatchProfile: true });
    expect(second!.spendableOn.map((p) => p.programId)).toEqual([mathematics]);
  });

  it('offers a 90-hour voucher’s internship block the internship programs only', async () => {
    const master = teacherPlace({
      position: 'industrial-training-master',
      organizationKind: 'vocational-college',
    });
    await issued(api.store, master);
    const answer = await api
      .as({ subject: master.teacherId, role: 'teacher', region: '63' })
      .get<{ vouchers: Voucher[] }>(`/teachers/${master.teacherId}/vouchers`);
    const [variable, internshipBlock] = answer.body.vouchers[0]!.blocks;
    expect(variable!.spendableOn).toEqual([]); // no 36-hour program targets masters at colleges here
    expect(internshipBlock!.spendableOn.map((p) => p.programId)).toEqual([internship]);
  });

  it('lists a provider’s reserved and redeemed blocks and its money per month and contract', async () => {
    const teacher = teacherPlace();
    const voucher = await issued(api.store, teacher);
    const first = await reserved(api.store, voucher, 1, { providerId, contractId, programId: mathematics });
    const second = await reserved(api.store, voucher, 2, { providerId, contractId, programId: history });
    clock.set(new Date('2026-04-20T09:00:00Z'));
    await redeemed(api.store, first, '2026-04-17');

    const blocks = (state: string) =>
      api
        .as(provider)
        .get<{ blocks: { voucherId: string; block: number }[]; next: string | null }>(
          `/providers/${providerId}/blocks?year=2026&state=${state}`,
        );
    expect((await blocks('redeemed')).body.blocks).toEqual([
      expect.objectContaining({ voucherId: voucher.voucherId, block: 1 }),
    ]);
    expect((await blocks('reserved')).body.blocks).toEqual([
      expect.objectContaining({ voucherId: voucher.voucherId, block: 2 }),
    ]);

    const money = await api.as(provider).get(`/providers/${providerId}/money?year=2026`);
    expect(money.body).toMatchObject({
      reserved: second.amount,
      redeemed: first.amount,
      payable: first.amount,
    });
    expect(money.body['payables']).toEqual([{ contractId, payable: first.amount }]);
    const april = await api.as(provider).get(`/providers/${providerId}/money?year=2026&month=2026-04`);
    expect(april.body).toMatchObject({
      reserved: 0,
      redeemed: first.amount,
      months: [{ period: '2026-04', payable: first.amount }],
    });

    await released(api.store, second);
    expect((await blocks('reserved')).body.blocks).toEqual([]);
  });

  it('pages a school’s vouchers by id, without skipping or repeating', async () => {
    const school = randomUUID();
    const ids = [];
    for (let i = 0; i < 5; i++)
      ids.push((await issued(api.store, teacherPlace({ organizationId: school }))).voucherId);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { body: { vouchers: { voucherId: string }[]; next: string | null } } = await api
        .as(admin)
        .get(`/schools/${school}/vouchers?year=2026&limit=2${after ? `&after=${after}` : ''}`);
      seen.push(...page.body.vouchers.map((v) => v.voucherId));
      after = page.body.next;
    } while (after);
    expect(seen).toEqual(ids.sort());
  });

  it('adds up the year: budget, allotted, committed, reserved and spent, by municipality and provider', async () => {
    const region = '24';
    const municipalityId = randomUUID();
    await budgeted(api.store, {
      region,
      year: 2028,
      budget: 1_000_000,
      municipalityId,
      allotment: 400_000,
      committed: 36_000,
    });
    const signed = await contractSigned(api.store, providerId, region, 2028);
    const a = await issued(api.store, teacherPlace({ region, municipalityId }), 2028);
    const b = await issued(api.store, teacherPlace({ region, municipalityId }), 2028);
    const spent = await reserved(api.store, a, 1, { providerId, contractId: signed.contractId });
    await redeemed(api.store, spent, '2028-05-20');
    const held = await reserved(api.store, b, 2, { providerId, contractId: signed.contractId });
    await expired(api.store, b, [1]);

    const totals = await api.as(admin24).get('/money/24/2028');
    expect(totals.body).toMatchObject({
      budget: 1_000_000,
      allotted: 400_000,
      committed: 36_000,
      reserved: held.amount,
      spent: spent.amount,
      municipalities: [
        {
          municipalityId,
          allotment: 400_000,
          committed: 36_000,
          reserved: held.amount,
          redeemed: spent.amount,
        },
      ],
      providers: [{ providerId, contracts: 1, reserved: held.amount, redeemed: spent.amount }],
    });
    const [voucher] = (
      await api.as(admin24).get<{ vouchers: Voucher[] }>(`/teachers/${b.teacherId}/vouchers`)
    ).body.vouchers;
    expect(voucher).toMatchObject({ status: 'expired', reserved: held.amount, returned: 9000 });
    expect(voucher!.blocks.map((x) => x.state)).toEqual(['expired', 'reserved']);
  });

  it('refuses a malformed query naming the field, in Russian', async () => {
    const answer = await api.as(provider).get(`/providers/${providerId}/blocks?year=20x6&state=spent`);
    expect(answer.status).toBe(400);
    const errors = answer.body['errors'] as string[];
    expect(errors.some((e) => e.startsWith('year: '))).toBe(true);
    expect(errors.some((e) => e.startsWith('state: ') && e.includes('reserved'))).toBe(true);
  });

  // who may read what: [who, path, status, how many records the answer shows]
  const teacherPath = () => `/teachers/${place.teacherId}/vouchers`;
  const schoolPath = () => `/schools/${place.organizationId}/vouchers?year=2026`;
  // a provider of the matrix's own, with one block redeemed this year
  const matrixProviderId = randomUUID();
  const ownProvider: Principal = {
    subject: 'mp',
    role: 'provider',
    region: '63',
    organization: matrixProviderId,
  };
  const blocksPath = () => `/providers/${matrixProviderId}/blocks?year=2026&state=redeemed`;
  const moneyPath = () => `/providers/${matrixProviderId}/money?year=2026`;
  type Cell = [string, string, number, number | null, Principal | null];
  const shown = (body: Record<string, unknown>): number | null => {
    for (const key of ['vouchers', 'blocks', 'months', 'municipalities']) {
      if (Array.isArray(body[key]))
        return key === 'months'
          ? Number(body['redeemed'] ?? 0) > 0
            ? 1
            : 0
          : (body[key] as unknown[]).length;
    }
    return null;
  };
  const matrix: Cell[] = [
    ['teacher: own voucher', teacherPath(), 200, 1, self],
    ['another teacher: that voucher', teacherPath(), 403, null, otherTeacher],
    ['coordinator of the school: the teacher', teacherPath(), 200, 1, coordinator],
    ['coordinator of another school: the teacher', teacherPath(), 404, null, farCoordinator],
    ['ministry: the teacher', teacherPath(), 200, 1, admin],
    ['auditor: the teacher', teacherPath(), 200, 1, auditor],
    ['ministry of another region: the teacher', teacherPath(), 404, null, admin24],
    ['auditor of another region: the teacher', teacherPath(), 404, null, auditor24],
    ['provider: the teacher', teacherPath(), 403, null, provider],
    ['municipal operator: the teacher', teacherPath(), 403, null, operator],
    ['expert: the teacher', teacherPath(), 403, null, expert],
    ['no token: the teacher', teacherPath(), 401, null, null],
    ['coordinator: own school', schoolPath(), 200, 2, coordinator],
    ['coordinator: another school', schoolPath(), 403, null, farCoordinator],
    ['teacher: the school', schoolPath(), 403, null, self],
    ['ministry: the school', schoolPath(), 200, 2, admin],
    ['auditor: the school', schoolPath(), 200, 2, auditor],
    ['ministry of another region: the school', schoolPath(), 200, 0, admin24],
    ['provider: the school', schoolPath(), 403, null, provider],
    ['provider: own blocks', blocksPath(), 200, 1, ownProvider],
    ['another provider: those blocks', blocksPath(), 403, null, otherProvider],
    ['teacher: provider blocks', blocksPath(), 403, null, self],
    ['coordinator: provider blocks', blocksPath(), 403, null, coordinator],
    ['ministry: provider blocks', blocksPath(), 200, 1, admin],
    ['auditor: provider blocks', blocksPath(), 200, 1, auditor],
    ['auditor of another region: provider blocks', blocksPath(), 200, 0, auditor24],
    ['provider: own money', moneyPath(), 200, 1, ownProvider],
    ['another provider: that money', moneyPath(), 403, null, otherProvider],
    ['teacher: provider money', moneyPath(), 403, null, self],
    ['ministry: provider money', moneyPath(), 200, 1, admin],
    ['auditor: provider money', moneyPath(), 200, 1, auditor],
    ['ministry of another region: provider money', moneyPath(), 200, 0, admin24],
    ['ministry: year totals', '/money/63/2029', 200, 1, admin],
    ['auditor: year totals', '/money/63/2029', 200, 1, auditor],
    ['ministry of another region: those totals', '/money/63/2029', 403, null, admin24],
    ['provider: year totals', '/money/63/2029', 403, null, provider],
    ['coordinator: year totals', '/money/63/2029', 403, null, coordinator],
    ['teacher: year totals', '/money/63/2029', 403, null, self],
  ];
  describe('who may read what', () => {
    beforeAll(async () => {
      // one block redeemed with the matrix's provider this year (the money of 2026 then shows), and a
      // year of the matrix's own with one municipality's allotment
      const voucher = await issued(api.store, teacherPlace({ organizationId: randomUUID() }));
      const signed = await contractSigned(api.store, matrixProviderId);
      const reservation = await reserved(api.store, voucher, 1, {
        providerId: matrixProviderId,
        contractId: signed.contractId,
      });
      await redeemed(api.store, reservation, '2026-05-15');
      await budgeted(api.store, {
        region: '63',
        year: 2029,
        budget: 500_000,
        municipalityId: place.municipalityId,
        allotment: 100_000,
        committed: 36_000,
      });
    });

    it.each(matrix)('%s: GET %s answers %i, showing %p', async (_who, path, status, count, principal) => {
      const answer = await (principal ? api.as(principal) : api.anonymous).get(path);
      expect(answer.status).toBe(status);
      if (count !== null) expect(shown(answer.body)).toBe(count);
    });

    it.each<[string, number, Principal | null]>([
      ['ministry', 201, admin],
      ['auditor', 403, auditor],
      ['ministry of another region', 403, admin24],
      ['auditor of another region', 403, auditor24],
      ['provider', 403, provider],
      ['coordinator', 403, coordinator],
      ['teacher', 403, self],
      ['municipal operator', 403, operator],
      ['expert', 403, expert],
      ['no token', 401, null],
    ])('%s: POST a reduction of an allotment answers %i', async (_who, status, principal) => {
      const path = `/budgets/63/2029/allotments/${place.municipalityId}/reductions`;
      const client = principal ? api.as(principal) : api.anonymous;
      expect((await client.post(path, { amount: 1 })).status).toBe(status);
    });

    it('lets the auditor write nothing: every route but a read refuses it', async () => {
      const document = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
      const writes = Object.entries(document.paths).flatMap(([path, item]) =>
        Object.keys(item)
          .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
          .map(
            (method) =>
              [
                method,
                path
                  .replace(/\{region\}/g, '63')
                  .replace(/\{year\}/g, '2026')
                  .replace(/\{\w+\}/g, randomUUID()),
              ] as const,
          ),
      );
      // starting the replay is the auditor's one POST: a read of the store that writes nothing
      const replayStart = (path: string) => /^\/audit\/regions\/63\/replays$/.test(path);
      expect(writes.filter(([, path]) => replayStart(path))).toHaveLength(1);
      for (const [method, path] of writes.filter(([, p]) => !replayStart(p))) {
        const client = api.as(auditor);
        const answer = method === 'put' ? await client.put(path, {}) : await client.post(path, {});
        expect({ method, path, status: answer.status }).toEqual({ method, path, status: 403 });
      }
    });
  });
});
