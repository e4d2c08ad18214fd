import { randomInt, randomUUID } from 'node:crypto';
import type { Principal } from '@pk/auth';
import { publicTopic, REGION_CODES, snilsCheckNumber } from '@pk/contracts';
import { toMessage } from '@pk/kernel';
import { KafkaMessageBus } from '@pk/messaging';
import { ServiceKit } from '@pk/service-runtime';
import { publishedEvent, serverEndpoints, type ServiceApi, startServiceApi, until } from '@pk/test-kit';
import { logLevel } from 'kafkajs';
import { registerInDirectory } from '../../test/directory.fixtures';
import { MISSING_COLUMN } from '../application/frdo-export';
import { service } from '../service';

// The ФИС ФРДО export as it runs: a teacher registered over HTTP (personal data sealed in
// PostgreSQL), the program approved on catalog's topic, completions on enrollment's topic, both
// projected into FerretDB; the file read back. The stack outlives runs: ids drawn for the run.
jest.setTimeout(120_000);

describe('ФИС ФРДО export on PostgreSQL, Kafka and FerretDB (integration)', () => {
  const { kafkaBrokers } = serverEndpoints();
  const bus = new KafkaMessageBus({
    clientId: 'frdo-int',
    brokers: kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const region = REGION_CODES[randomInt(REGION_CODES.length)]!;
  const school = randomUUID();
  const municipality = randomUUID();
  const providerId = randomUUID();
  const programId = randomUUID();
  const admin: Principal = { subject: 'admin', role: 'ministry-admin', region };
  const provider: Principal = { subject: 'prov', role: 'provider', region, organization: providerId };
  const nine = String(randomInt(100_000_000, 999_999_999));
  const snils = `${nine}${snilsCheckNumber(nine)}`;
  let api: ServiceApi;

  beforeAll(async () => {
    api = await startServiceApi('diagnostics', [ServiceKit.forService(service)]);
    await registerInDirectory(api.app, region, [[school, municipality]], kafkaBrokers);
  });
  afterAll(async () => {
    await api.close();
    await bus.close();
  });

  it('a period’s documents with the names opened from the sealed stream and what each row lacks', async () => {
    const registered = await api.as(admin).post<{ teacherId: string }>('/teachers', {
      region,
      organizationId: school,
      municipalityId: municipality,
      position: 'teacher',
      subjects: ['physics'],
      workProfile: '',
      category: 'first',
      categorySince: '2022-04-15',
      education: 'higher-pedagogical',
      lastTrainingCompletedOn: '2022-11-30',
      personalData: { lastName: 'Интеграционная', firstName: 'Анна', patronymic: '', snils },
    });
    expect(registered.status).toBe(201);
    const teacherId = registered.body.teacherId;

    await bus.publish(publicTopic('catalog'), [
      toMessage(
        publishedEvent(
          'catalog.ProgramApproved',
          {
            programId,
            providerId,
            region,
            kind: 'retraining',
            hours: 256,
            format: 'distance',
            title: 'Педагог дополнительного образования',
          },
          { subject: `program-${programId}`, position: 3 },
        ),
      ),
    ]);
    const completion = (certificateNumber: string, completedOn: string) =>
      publishedEvent(
        'enrollment.CourseCompleted',
        {
          enrollmentId: randomUUID(),
          teacherId,
          region,
          organizationId: school,
          programId,
          offeringId: randomUUID(),
          providerId,
          kind: 'retraining',
          hours: 256,
          completedOn,
          certificateNumber,
        },
        { subject: `group-${randomUUID()}`, position: 7 },
      );
    await bus.publish(
      publicTopic('enrollment'),
      [
        completion('D-0002', '2026-06-30'),
        completion('D-0001', '2026-06-01'),
        completion('D-0003', '2026-07-01'),
      ].map(toMessage),
    );

    const file = () => api.as(provider).get('/frdo-exports?from=2026-06-01&to=2026-06-30');
    await until(async () => {
      const text = (await file()).text ?? '';
      return text.includes('D-0001') && text.includes('D-0002') && text.includes('Педагог дополнительного');
    }, 'the completions and the program projected');

    const answer = await file();
    expect(answer.headers).toMatchObject({ 'x-rows': '2', 'x-incomplete-rows': '2' });
    const [header, ...lines] = (answer.text ?? '').split('\r\n').filter((line) => line !== '');
    expect(header!.startsWith('\uFEFFНазвание документа;')).toBe(true);
    const columns = header!.slice(1).split(';');
    const rows = lines.map((line) =>
      Object.fromEntries(line.split(';').map((cell, i) => [columns[i]!, cell])),
    );
    expect(rows.map((row) => row['Номер документа'])).toEqual(['D-0001', 'D-0002']);
    expect(rows[0]).toMatchObject({
      'Вид документа': 'Диплом о профессиональной переподготовке',
      'Дата выдачи документа': '01.06.2026',
      'Наименование дополнительной профессиональной программы': 'Педагог дополнительного образования',
      'Срок обучения, часов': '256',
      'Фамилия получателя': 'Интеграционная',
      'Имя получателя': 'Анна',
      'Отчество получателя': '',
      СНИЛС: `${snils.slice(0, 3)}-${snils.slice(3, 6)}-${snils.slice(6, 9)} ${snils.slice(9)}`,
      'Форма обучения': 'Заочная',
    });
    expect(rows[0]![MISSING_COLUMN]).toBe(
      'Регистрационный номер, Год начала обучения, Дата рождения получателя, Пол получателя, Гражданство получателя (код страны по ОКСМ)',
    );
  });
});
