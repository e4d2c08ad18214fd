// Kafka 4 on the JDK from the Maven Central jars, one node in KRaft mode.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KAFKA_LIBS, ROOT } from '../paths.mjs';
import { run } from '../processes.mjs';

export function kafkaComponent(config) {
  const dir = path.join(config.localDir, 'kafka');
  const properties = path.join(dir, 'server.properties');
  const data = path.join(dir, 'data');
  const { kafka, kafkaController } = config.ports;
  return {
    name: 'kafka',
    port: kafka,
    address: config.endpoints.KAFKA_BROKERS,
    marker: properties,
    prepare() {
      fs.mkdirSync(data, { recursive: true });
      fs.writeFileSync(
        properties,
        [
          '# written by deploy/local/stack-lib.mjs on every start; edit that file instead',
          'process.roles=broker,controller',
          'node.id=1',
          `controller.quorum.voters=1@127.0.0.1:${kafkaController}`,
          `listeners=PLAINTEXT://127.0.0.1:${kafka},CONTROLLER://127.0.0.1:${kafkaController}`,
          `advertised.listeners=PLAINTEXT://127.0.0.1:${kafka}`,
          'controller.listener.names=CONTROLLER',
          'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
          'inter.broker.listener.name=PLAINTEXT',
          `log.dirs=${data}`,
          // single node: every internal topic has one replica
          'offsets.topic.replication.factor=1',
          'transaction.state.log.replication.factor=1',
          'transaction.state.log.min.isr=1',
          'share.coordinator.state.topic.replication.factor=1',
          'share.coordinator.state.topic.min.isr=1',
          'group.initial.rebalance.delay.ms=0',
          // topics are created on purpose, with explicit partitions and retention
          'auto.create.topics.enable=false',
          'num.partitions=3',
          '',
        ].join('\n'),
      );
      if (!fs.existsSync(path.join(data, 'meta.properties'))) {
        // A KRaft cluster id is a base64url UUID without padding. One starting with "-" would be
        // read as an option by the storage tool (Kafka's own generator avoids those too).
        let clusterId;
        do clusterId = crypto.randomBytes(16).toString('base64url');
        while (clusterId.startsWith('-'));
        run('java', [
          ...kafkaJvmArgs(),
          'kafka.tools.StorageTool',
          'format',
          `--cluster-id=${clusterId}`,
          '-c',
          properties,
        ]);
      }
    },
    command() {
      return { bin: 'java', args: [...kafkaJvmArgs(), '-Xms256m', '-Xmx1g', 'kafka.Kafka', properties] };
    },
    stopSignal: 'SIGTERM',
    async healthy() {
      const { Kafka, logLevel } = await import('kafkajs');
      const admin = new Kafka({
        brokers: [config.endpoints.KAFKA_BROKERS],
        logLevel: logLevel.NOTHING,
        connectionTimeout: 1000,
        retry: { retries: 0 },
      }).admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return cluster.brokers.length > 0 && cluster.controller !== null;
      } catch {
        return false;
      } finally {
        await admin.disconnect().catch(() => {});
      }
    },
  };
}

function kafkaJvmArgs() {
  return [
    '-cp',
    path.join(KAFKA_LIBS, '*'),
    `-Dlog4j2.configurationFile=${path.join(ROOT, 'deploy', 'local', 'kafka', 'log4j2.yaml')}`,
    '-Djava.awt.headless=true',
  ];
}
