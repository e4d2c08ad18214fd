import { randomUUID } from 'node:crypto';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Principal } from '@pk/auth';
import { type InMemoryService, startInMemoryService, TestClock } from '@pk/test-kit';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { teacherRegistered } from '../../test/attempt.fixtures';
import { answersFor } from '../../test/instruments.fixtures';
import { BURNOUT_V1 } from '../domain/instruments';
import { service } from '../service';

// The answers the OpenAPI document promises are the answers the routes give: each route documented
// in diagnostics.answers.ts is called for real and its body checked against the document's schema,
// with no property the document does not name. A field added to a query but not to its answer class
// (or the other way round) fails here.

type Schema = Record<string, unknown>;

/**
 * OpenAPI 3.0 writes "this object or null" as `nullable` beside an `allOf` of the object's `$ref`;
 * client generators read it so, but for Ajv a null still fails the referenced object's `type`.
 * Spelled out as "the object or null" for Ajv.
 */
function nullableRefsSpelledOut(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableRefsSpelledOut);
  if (typeof node !== 'object' || node === null) return node;
  const schema = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, nullableRefsSpelledOut(value)]),
  ) as Schema;
  if (schema['nullable'] !== true || !Array.isArray(schema['allOf'])) return schema;
  const { allOf, nullable: _nullable, type: _type, ...rest } = schema;
  return { ...rest, anyOf: [{ allOf }, { type: 'null' }] };
}

describe('diagnostics answers match the OpenAPI document', () => {
  const given = teacherRegistered({ region: '63' });
  const teacher = given.record;
  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region: '63' };
  const self: Principal = { subject: teacher.teacherId, role: 'teacher', region: '63' };
  const campaignId = randomUUID();
  let api: InMemoryService;
  let document: ReturnType<typeof SwaggerModule.createDocument>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);

  beforeAll(async () => {
    api = await startInMemoryService(service, { clock: new TestClock(new Date('2027-01-20T09:00:00Z')) });
    document = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
    // every documented object closed: a property the route answers but the document omits fails
    const schemas = nullableRefsSpelledOut(document.components?.schemas ?? {}) as Record<string, Schema>;
    for (const schema of Object.values(schemas)) {
      if (schema['type'] === 'object') schema['additionalProperties'] ??= false;
    }
    ajv.addSchema({ $id: 'openapi', components: { schemas } });

    await api.store.append(given.streamId, [given.event], 'no-stream');
    const campaign = {
      campaignId,
      region: '63',
      kind: 'yearly-monitoring',
      year: 2026,
      opensOn: '2026-12-01',
      closesOn: '2027-05-31',
    };
    expect((await api.as(admin).post('/campaigns', campaign)).status).toBe(201);
  });
  afterAll(() => api.close());

  const conforms = async (route: string, who: Principal, url: string, body?: unknown) => {
    const [method, path] = route.split(' ') as [string, string];
    const answer = body === undefined ? await api.as(who).get(url) : await api.as(who).post(url, body);
    const operation = (document.paths[path] as Record<string, { responses: Record<string, Schema> }>)[
      method.toLowerCase()
    ]!;
    const documented = operation.responses[String(answer.status)] as
      { content: Record<string, { schema: Schema }> } | undefined;
    expect({ route, status: answer.status, documented: documented !== undefined }).toEqual({
      route,
      status: answer.status,
      documented: true,
    });
    const schema = JSON.parse(
      JSON.stringify(documented!.content['application/json']!.schema).replaceAll(
        '"#/components/',
        '"openapi#/components/',
      ),
    ) as Schema;
    ajv.validate(schema, answer.body);
    expect({ route, url, errors: ajv.errors ?? [] }).toEqual({ route, url, errors: [] });
  };

  it('a scored test and a screening answer as documented, and so do the profile and the screenings', async () => {
    await conforms('POST /attempts', self, '/attempts', {
      attemptId: randomUUID(),
      teacherId: teacher.teacherId,
      region: '63',
      instrument: { id: 'teacher-core', version: 1 },
      campaignId,
      answers: answersFor(undefined, { 'R/01': 2 }),
    });
    await conforms('POST /attempts', self, '/attempts', {
      attemptId: randomUUID(),
      teacherId: teacher.teacherId,
      region: '63',
      instrument: { id: BURNOUT_V1.id, version: BURNOUT_V1.version },
      campaignId: null,
      answers: BURNOUT_V1.items.map((item) => ({ item: item.id, answer: '2' })),
    });
    const of = `/teachers/${teacher.teacherId}`;
    await conforms('GET /teachers/{teacherId}/profile', admin, `${of}/profile?region=63`);
    await conforms('GET /teachers/{teacherId}/profile', admin, `${of}/profile?region=63&year=2030`);
    await conforms('GET /teachers/{teacherId}/burnout', self, `${of}/burnout?region=63`);
    await conforms('GET /statistics/deficits', admin, '/statistics/deficits?region=63');
    await conforms(
      'GET /statistics/deficits',
      admin,
      `/statistics/deficits?region=63&municipalityId=${teacher.municipalityId}`,
    );
    await conforms('GET /statistics/uncovered-deficits', admin, '/statistics/uncovered-deficits?region=63');
  });

  it('the campaigns, the framework and the instruments answer as documented', async () => {
    await conforms('GET /campaigns', admin, '/campaigns?region=63');
    await conforms('GET /framework', admin, '/framework');
    await conforms('GET /instruments', admin, '/instruments?position=teacher');
    await conforms('GET /instruments/{id}/{version}', admin, '/instruments/teacher-core/1');
    await conforms('GET /instruments/{id}/{version}', admin, `/instruments/${BURNOUT_V1.id}/1`);
  });

  it('the profile of a teacher without monitoring answers as documented (no year to compare)', async () => {
    const newcomer = teacherRegistered({ region: '63' });
    await api.store.append(newcomer.streamId, [newcomer.event], 'no-stream');
    await conforms(
      'GET /teachers/{teacherId}/profile',
      admin,
      `/teachers/${newcomer.record.teacherId}/profile?region=63`,
    );
  });
});
