import { buildOverlay, consistencyProblems, type KubeObject, overlays, schemaProblems } from './manifests';

const built = new Map(overlays().map((overlay) => [overlay, buildOverlay(overlay)]));
const SERVICES = ['catalog', 'expertise', 'vouchers', 'enrollment', 'diagnostics', 'monitoring'];

/** A copy of production's objects with one of them changed: the mistake a spec plants. */
function planted(change: (find: (kind: string, name: string) => KubeObject) => void): KubeObject[] {
  const objects = structuredClone(built.get('production')!);
  change((kind, name) => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name.startsWith(name));
    if (!found) throw new Error(`no ${kind} ${name} in the build`);
    return found;
  });
  return objects;
}

type PodSpec = { containers: Record<string, unknown>[] };
const containerOf = (workload: KubeObject) =>
  (workload['spec'] as { template: { spec: PodSpec } }).template.spec.containers[0]!;

describe('Kubernetes manifests (deploy/k8s, built with kustomize)', () => {
  it.each([...built.keys()])(
    'overlay %s: a Deployment, Service, PDB and migrations Job per service, all valid',
    (overlay) => {
      const objects = built.get(overlay)!;
      for (const service of SERVICES) {
        for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget'])
          expect(objects.some((o) => o.kind === kind && o.metadata.name === `${service}-api`)).toBe(true);
        expect(objects.some((o) => o.kind === 'Job' && o.metadata.name === `${service}-migrate`)).toBe(true);
      }
      expect(schemaProblems(objects)).toEqual([]);
      expect(consistencyProblems(objects)).toEqual([]);
    },
  );

  it('the migrations Job runs the service image in migrate-only mode with the Deployment’s settings', () => {
    const objects = built.get('production')!;
    const job = objects.find((o) => o.kind === 'Job' && o.metadata.name === 'vouchers-migrate')!;
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'vouchers-api')!;
    expect(containerOf(job)['image']).toBe(containerOf(deployment)['image']);
    expect(containerOf(job)['env']).toContainEqual({ name: 'MIGRATE_ONLY', value: '1' });
    expect(containerOf(job)['envFrom']).toEqual(containerOf(deployment)['envFrom']);
  });

  describe('catches a planted mistake', () => {
    it('a field of the wrong type (the schemas)', () => {
      const objects = planted((find) => {
        (find('Deployment', 'catalog-api')['spec'] as Record<string, unknown>)['replicas'] = 'two';
      });
      expect(schemaProblems(objects)).toEqual([
        expect.stringMatching(/catalog-api: .*replicas must be integer/),
      ]);
    });

    it('a misspelt field, which the schemas alone let pass (their type declarations name every field)', () => {
      const objects = planted((find) => {
        containerOf(find('Deployment', 'vouchers-api'))['imagePullPolcy'] = 'Always';
        (find('Job', 'monitoring-migrate')['spec'] as Record<string, unknown>)['backofLimit'] = 2;
      });
      expect(schemaProblems(objects)).toEqual([
        'Deployment vouchers-api: data/spec/template/spec/containers/0/imagePullPolcy is no field of Container',
        'Job monitoring-migrate: data/spec/backofLimit is no field of JobSpec',
      ]);
    });

    it('a probe on a port the service does not listen on', () => {
      const objects = planted((find) => {
        const probe = containerOf(find('Deployment', 'expertise-api'))['readinessProbe'] as {
          httpGet: { port: unknown };
        };
        probe.httpGet.port = 3001;
      });
      expect(consistencyProblems(objects)).toEqual([
        expect.stringMatching(/^Deployment expertise-api: readinessProbe asks port 3001/),
      ]);
    });

    it("a required setting missing from the ConfigMaps (the service's settings schema)", () => {
      const objects = planted((find) => {
        delete (find('ConfigMap', 'pk-platform')['data'] as Record<string, string>)['KAFKA_BROKERS'];
      });
      const problems = consistencyProblems(objects);
      // every service's Deployment and Job
      expect(problems).toHaveLength(SERVICES.length * 2);
      expect(problems).toContain('Deployment monitoring-api: required setting KAFKA_BROKERS is missing');
    });

    it('a misspelt variable, a secret file outside its mounts, too many replicas', () => {
      const objects = planted((find) => {
        const diagnostics = find('Deployment', 'diagnostics-api');
        const env = containerOf(diagnostics)['env'] as { name: string; value: string }[];
        env.push({ name: 'LOG_LEVELS', value: 'debug' });
        env.find((variable) => variable.name === 'DATABASE_URL_FILE')!.value = '/etc/pk/database-url';
        (diagnostics['spec'] as Record<string, unknown>)['replicas'] = 8;
      });
      expect(consistencyProblems(objects)).toEqual([
        'Deployment diagnostics-api: sets LOG_LEVELS, which no setting of diagnostics reads',
        'Deployment diagnostics-api: DATABASE_URL_FILE /etc/pk/database-url is under no volume mount',
        expect.stringMatching(
          /^Deployment diagnostics-api: 8 replicas, more than a public topic's 6 partitions/,
        ),
      ]);
    });

    it('a Service aiming at a port the pods do not serve', () => {
      const objects = planted((find) => {
        const ports = (find('Service', 'enrollment-api')['spec'] as { ports: { targetPort: unknown }[] })
          .ports;
        ports[0]!.targetPort = 'metrics';
      });
      expect(consistencyProblems(objects)).toEqual([
        'Service enrollment-api: targetPort metrics is no port of enrollment-api',
      ]);
    });
  });
});
