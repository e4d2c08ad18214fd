import { Body, Controller, Get, Param, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { generateKeyPairSync } from 'node:crypto';
import { Allow, CurrentPrincipal, Public } from './access';
import { AuthModule } from './auth.module';
import type { Principal } from './principal';
import { issueToken } from './token';

@Controller('things')
class ThingsController {
  @Get('health')
  @Public()
  health() {
    return { status: 'ok' };
  }

  @Get('forgotten')
  forgotten() {
    return { leaked: true };
  }

  @Get(':region/report')
  @Allow({ roles: ['ministry-admin', 'municipal-operator'], scope: 'region' })
  report(@Param('region') region: string, @CurrentPrincipal() principal: Principal) {
    return { region, reader: principal.subject };
  }

  @Get(':region/municipalities/:municipality')
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  @Allow({ roles: ['municipal-operator'], scope: 'municipality' })
  municipality(@Param('municipality') municipality: string) {
    return { municipality };
  }

  @Post(':region/notes')
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  note(@Body() body: { text: string }) {
    return { text: body.text };
  }
}

@Controller('catalog')
@Public()
class CatalogController {
  @Get()
  list() {
    return [];
  }

  @Get(':region/drafts')
  @Allow({ roles: ['ministry-admin'], scope: 'region' })
  drafts() {
    return [];
  }
}

function pem() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

describe('AuthModule guarding a Nest app over HTTP', () => {
  const keys = pem();
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot({ publicKey: keys.publicKeyPem })],
      controllers: [ThingsController, CatalogController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });
  afterAll(() => app.close());

  const samaraOperator: Principal = {
    subject: 'op-1',
    role: 'municipal-operator',
    region: '63',
    municipality: 'tolyatti',
  };
  const samaraMinistry: Principal = { subject: 'min-1', role: 'ministry-admin', region: '63' };

  async function call(path: string, token?: string, body?: unknown) {
    const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const tokenFor = (principal: Principal, privateKeyPem = keys.privateKeyPem) =>
    issueToken(privateKeyPem, principal, { ttl: '5m' });

  it('answers 401 without a token', async () => {
    const { status, body } = await call('/things/63/report');
    expect(status).toBe(401);
    expect(body['message']).toBe('нет заголовка Authorization: войдите и передайте токен');
  });

  it('answers 401 to a header that is not a bearer token', async () => {
    const { status, body } = await call('/things/63/report', 'two words');
    expect(status).toBe(401);
    expect(body['message']).toContain('заголовок Authorization неверен');
  });

  it('answers 401 to a token signed by another key', async () => {
    const { status, body } = await call(
      '/things/63/report',
      await tokenFor(samaraOperator, pem().privateKeyPem),
    );
    expect(status).toBe(401);
    expect(body['message']).toBe('подпись токена не сходится');
  });

  it('answers 403 to a role the endpoint does not admit', async () => {
    const teacher: Principal = { subject: 't-1', role: 'teacher', region: '63' };
    const { status, body } = await call('/things/63/report', await tokenFor(teacher));
    expect(status).toBe(403);
    expect(body['message']).toBe(
      'роли teacher недоступен GET /things/63/report; доступен ролям: ministry-admin, municipal-operator',
    );
  });

  it("answers 403 to another region's resource", async () => {
    const { status, body } = await call('/things/24/report', await tokenFor(samaraOperator));
    expect(status).toBe(403);
    expect(body['message']).toBe('токен региона 63 не даёт доступа к региону 24');
  });

  it('answers 200 inside the scope, with the principal handed to the handler', async () => {
    const { status, body } = await call('/things/63/report', await tokenFor(samaraOperator));
    expect(status).toBe(200);
    expect(body).toEqual({ region: '63', reader: 'op-1' });
  });

  it('applies the scope of the rule that admits the role', async () => {
    const operatorToken = await tokenFor(samaraOperator);
    expect((await call('/things/63/municipalities/tolyatti', operatorToken)).status).toBe(200);
    const elsewhere = await call('/things/63/municipalities/samara', operatorToken);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body['message']).toBe(
      'токен для municipality tolyatti не даёт доступа к municipality samara',
    );
    expect((await call('/things/63/municipalities/samara', await tokenFor(samaraMinistry))).status).toBe(200);
  });

  it('refuses a body that names another region than the path', async () => {
    const token = await tokenFor(samaraMinistry);
    const { status, body } = await call('/things/63/notes', token, { region: '24', text: 'hi' });
    expect(status).toBe(403);
    expect(body['message']).toContain('несколько значений region (63 и 24)');
    expect((await call('/things/63/notes', token, { region: '63', text: 'hi' })).status).toBe(201);
  });

  it('answers 200 on a public route without a token', async () => {
    expect(await call('/things/health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('lets a method rule inside a public controller demand a token', async () => {
    expect((await call('/catalog')).status).toBe(200);
    expect((await call('/catalog/63/drafts')).status).toBe(401);
    expect((await call('/catalog/63/drafts', await tokenFor(samaraMinistry))).status).toBe(200);
  });

  it('answers 403 on a route that declares no access rule, even to a valid token', async () => {
    const { status, body } = await call('/things/forgotten', await tokenFor(samaraMinistry));
    expect(status).toBe(403);
    expect(body['message']).toBe(
      'у GET /things/forgotten не объявлено правило доступа, поэтому он закрыт для всех',
    );
  });
});

describe('AuthModule.forRoot', () => {
  it('refuses a verification key that is not Ed25519 at start-up', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect(
      Test.createTestingModule({ imports: [AuthModule.forRoot({ publicKey: rsaPem })] }).compile(),
    ).rejects.toThrow('token verification key must be Ed25519, got rsa');
  });
});
