/**
 * Where the kernel's long-running parts (relay, reactions, scheduler) say what they do. The kernel
 * stays free of any framework: a service passes Nest's Logger, which has this shape.
 */
export interface Log {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** For scripts and tests that pass no log of their own. */
export function consoleLog(name: string): Log {
  return {
    log: (message) => console.log(`[${name}] ${message}`),
    warn: (message) => console.warn(`[${name}] ${message}`),
    error: (message) => console.error(`[${name}] ${message}`),
  };
}
