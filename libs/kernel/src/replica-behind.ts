/**
 * A decision needs a fact from another service that its replica does not hold yet, while the
 * replica is behind the topic: retriable (503 over HTTP; a reaction waits and tries again).
 */
export class ReplicaBehind extends Error {
  readonly code = 'replica-behind';
  constructor(
    readonly replica: string,
    what: string,
  ) {
    super(`${what} is not known here yet: the ${replica} replica is catching up; try again shortly`);
    this.name = 'ReplicaBehind';
  }
}
