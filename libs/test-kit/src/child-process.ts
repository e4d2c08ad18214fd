import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { until } from './until';

/** A process a spec started and waited for: what it printed, and how to end it. */
export interface StartedProcess {
  readonly child: ChildProcess;
  /** The tail of its output so far: what a failing spec prints to say why. */
  output(): string;
  isRunning(): boolean;
  /** Sends the signal (SIGTERM unless named) unless it has exited, then waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartProcessOptions {
  /** Names the process in the errors. */
  readonly name: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** True once the process serves (a health check, a ping). */
  readonly ready: () => Promise<boolean>;
  readonly timeoutMs: number;
  readonly pollMs: number;
}

/** Output kept per process: the tail is what explains a failure. */
const OUTPUT_KEPT = 20_000;

/**
 * Starts a server process for a spec (another service, a FerretDB of its own) and resolves once it
 * is ready. A process that exits while starting fails the start at once with its output, instead
 * of the wait running out; a start that fails stops the process, so no spec leaves one behind.
 */
export async function startProcess(
  command: string,
  args: readonly string[],
  options: StartProcessOptions,
): Promise<StartedProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  const started: StartedProcess = {
    child,
    output: () => log,
    isRunning: () => running,
    async stop(signal = 'SIGTERM') {
      if (running) child.kill(signal);
      await exited;
    },
  };
  try {
    await until(
      async () => {
        if (!running) throw new Error(`${options.name} exited while starting:\n${log}`);
        return options.ready();
      },
      `${options.name} to start`,
      { timeoutMs: options.timeoutMs, pollMs: options.pollMs },
    );
  } catch (error) {
    await started.stop();
    throw error;
  }
  return started;
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it), for a server a spec starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
