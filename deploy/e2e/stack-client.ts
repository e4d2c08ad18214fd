import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { issueToken, type Principal } from '@pk/auth';
import { programCard } from '@pk/test-kit';
import type { IsolatedStack } from '../local/isolated-stack';

/** The card the e2e files submit: the test kit's. */
export { programCard };

/**
 * What the e2e files say to a stack's services: tokens signed with the stack's development key (one
 * per principal, kept for the file), and JSON calls that answer the status and the parsed body.
 * The stack is asked for when first used, since a file gets it in its beforeAll.
 */
export function stackClient(stack: () => IsolatedStack) {
  const tokens = new Map<string, string>();

  async function tokenFor(principal: Principal): Promise<string> {
    const key = JSON.stringify(principal);
    if (!tokens.has(key)) {
      const pem = readFileSync(path.join(stack().localDir, 'keys', 'dev-private.pem'), 'utf8');
      tokens.set(key, await issueToken(pem, principal, { ttl: '1h' }));
    }
    return tokens.get(key)!;
  }

  async function call<T = Record<string, unknown>>(
    method: string,
    url: string,
    principal: Principal,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${await tokenFor(principal)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  return { tokenFor, call };
}

/**
 * Polls until `done` holds, up to a minute: a restarted consumer waits for the dead member's session
 * (15 s) to expire before its partitions move. The error names what was awaited and the last value.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 600; i++) {
    last = await probe();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last seen ${JSON.stringify(last)}`);
}

type Call = ReturnType<typeof stackClient>['call'];

/** A region's world as an e2e file starts it: what catalog and expertise are told, by the region's ministry. */
export interface RegionWorld {
  readonly region: string;
  readonly admin: Principal;
  readonly municipality: { readonly municipalityId: string; readonly name: string; readonly oktmo: string };
  readonly provider: { readonly providerId: string; readonly name: string; readonly inn: string };
  readonly school: { readonly organizationId: string; readonly name: string; readonly inn: string };
  /** Experts of other organizations, physics and R/01: two of them review the program. */
  readonly experts: readonly { readonly expertId: string; readonly organizationId: string }[];
}

/**
 * Registers the world's municipality, provider, experts and school, and takes one program of the
 * provider (programCard's, titled) through expertise into the register: drafted and submitted in
 * catalog, its case opened and assigned by expertise from catalog's topic, scored high by both
 * experts, approved by the council and shown approved by catalog. Answers the program's id.
 */
export async function programIntoRegister(
  call: Call,
  urls: { readonly catalog: string; readonly expertise: string },
  world: RegionWorld,
  title: string,
): Promise<string> {
  const { region, admin, municipality, provider, school } = world;
  const asProvider: Principal = {
    subject: `provider-${region}`,
    role: 'provider',
    region,
    organization: provider.providerId,
  };
  const registered = await Promise.all([
    call('POST', `${urls.catalog}/municipalities`, admin, {
      ...municipality,
      region,
      kind: 'urban-district',
    }),
    call('POST', `${urls.catalog}/providers`, admin, {
      ...provider,
      region,
      ownership: 'state',
      kind: 'dpo-institute',
    }),
    ...world.experts.map((expert) =>
      call('POST', `${urls.expertise}/experts`, admin, {
        ...expert,
        region,
        subjects: ['physics'],
        competencies: ['R/01'],
      }),
    ),
  ]);
  expect(registered.map((answer) => answer.status)).toEqual(registered.map(() => 201));
  // the school after its municipality: catalog refuses an organization of an unknown one
  const registeredSchool = await call('POST', `${urls.catalog}/organizations`, admin, {
    ...school,
    region,
    municipalityId: municipality.municipalityId,
    kind: 'school',
  });
  expect(registeredSchool.status).toBe(201);

  const programId = randomUUID();
  const programs = `${urls.catalog}/providers/${provider.providerId}/programs`;
  const drafted = await call('POST', programs, asProvider, { programId, region, ...programCard(title) });
  expect(drafted.status).toBe(201);
  expect((await call('POST', `${programs}/${programId}/submission`, asProvider)).status).toBe(201);

  await reviewedIntoRegister(call, urls, { region, admin, asProvider, programId });
  return programId;
}

/**
 * A submitted program through expertise into the register: expertise opens its case from catalog's
 * topic and assigns two experts, both score it high, the council approves it, and catalog shows it
 * approved.
 */
export async function reviewedIntoRegister(
  call: Call,
  urls: { readonly catalog: string; readonly expertise: string },
  {
    region,
    admin,
    asProvider,
    programId,
  }: {
    readonly region: string;
    readonly admin: Principal;
    readonly asProvider: Principal;
    readonly programId: string;
  },
): Promise<void> {
  interface ReviewCase {
    caseId: string;
    assignments: { expertId: string; state: string }[];
  }
  const [review] = await eventually(
    async () =>
      (await call<{ cases?: ReviewCase[] }>('GET', `${urls.expertise}/programs/${programId}/reviews`, admin))
        .body.cases ?? [],
    (cases) => cases.some((c) => c.assignments.length >= 2),
    'the review case with its experts',
  );
  const scored = await Promise.all(
    review!.assignments
      .filter((a) => a.state === 'assigned')
      .map(({ expertId }) =>
        call(
          'POST',
          `${urls.expertise}/review-cases/${review!.caseId}/scorecards`,
          { subject: expertId, role: 'expert', region },
          {
            expertId,
            region,
            criteriaSet: { id: 'program-review', version: 1 },
            scores: [
              'relevance',
              'practice-orientation',
              'planned-results',
              'assessment-materials',
              'staffing-and-resources',
            ].map((criterion) => ({ criterion, score: 3, comment: '' })),
            summary: '',
          },
        ),
      ),
  );
  expect(scored.map((answer) => answer.status)).toEqual(scored.map(() => 201));
  await eventually(
    async () =>
      (await call<{ status?: string }>('GET', `${urls.catalog}/programs/${programId}`, asProvider)).body
        .status,
    (status) => status === 'approved',
    "the council's approval in catalog",
  );
}

/**
 * The vouchers' year of a region, as its ministry sets it: the tariff, a budget of a million, one
 * municipality's allotment of 100 000 and the provider's contract for the year.
 */
export async function voucherYear(
  call: Call,
  vouchers: string,
  {
    region,
    year,
    admin,
    providerId,
    municipalityId,
    costPerHour,
  }: {
    readonly region: string;
    readonly year: number;
    readonly admin: Principal;
    readonly providerId: string;
    readonly municipalityId: string;
    readonly costPerHour: { readonly variable: number; readonly internship: number };
  },
): Promise<void> {
  const money = await Promise.all([
    call('PUT', `${vouchers}/tariffs/${region}/${year}`, admin, { costPerHour }),
    call('PUT', `${vouchers}/budgets/${region}/${year}`, admin, { amount: 1_000_000 }),
    call('POST', `${vouchers}/contracts`, admin, {
      region,
      year,
      providerId,
      number: `ИОЧ-${year}/${region}-1`,
      signedOn: `${year}-01-15`,
      validUntil: `${year}-12-31`,
    }),
  ]);
  expect(money.map((answer) => answer.status)).toEqual([200, 200, 201]);
  const allotted = await call('POST', `${vouchers}/budgets/${region}/${year}/allotments`, admin, {
    municipalityId,
    amount: 100_000,
  });
  expect(allotted.status).toBe(201);
}

/** The columns of diagnostics' teacher import, in its order. */
const TEACHER_COLUMNS =
  'snils;last_name;first_name;patronymic;organization_id;municipality_id;position;subjects;category;category_since;education;last_training_on';

/**
 * Posts teachers to diagnostics' import as the region's ministry (rows in TEACHER_COLUMNS' order, `;`
 * separated) and follows the import to its end; answers its report. A file's other steps may run
 * while it imports: the promise is awaited when the teachers are needed.
 */
export async function importTeachers(
  client: ReturnType<typeof stackClient>,
  diagnostics: string,
  { region, admin }: { readonly region: string; readonly admin: Principal },
  rows: readonly string[],
): Promise<{ status?: string; registered?: number; rejected?: number }> {
  const imported = await fetch(`${diagnostics}/imports/teachers?region=${region}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await client.tokenFor(admin)}`, 'content-type': 'text/csv' },
    body: [TEACHER_COLUMNS, ...rows].join('\n'),
  });
  expect(imported.status).toBe(202);
  return eventually(
    async () =>
      (
        await client.call<{ status?: string; registered?: number; rejected?: number }>(
          'GET',
          `${diagnostics}${imported.headers.get('location')}`,
          admin,
        )
      ).body,
    (r) => r.status === 'finished',
    'the import to finish',
  );
}
