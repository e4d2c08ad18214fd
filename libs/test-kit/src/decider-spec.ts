import type { Actor } from '@pk/contracts';
import {
  type CommandMetadata,
  type Decider,
  type DomainCommand,
  DomainError,
  type DomainEvent,
  foldEvents,
} from '@pk/kernel';

const DEFAULT_METADATA: CommandMetadata = {
  now: new Date('2026-09-01T09:00:00Z'),
  actor: { id: 'test-user', role: 'ministry-admin' },
};

/**
 * Given/when/then for deciders, for use in jest specs:
 *
 *   deciderSpec(program).given([submitted]).at('2026-10-01').when(approve).then([approved])
 *
 * `then` compares the decided events exactly; `thenFails` expects a DomainError with that code.
 * The decision's time and actor are given (`at`, `by`), never read from the clock.
 */
export function deciderSpec<TState, TCommand extends DomainCommand, TEvent extends DomainEvent>(
  decider: Decider<TState, TCommand, TEvent>,
) {
  return {
    given(history: readonly TEvent[]) {
      const scenario = (metadata: CommandMetadata) => ({
        at: (now: Date | string) => scenario({ ...metadata, now: new Date(now) }),
        by: (actor: Actor) => scenario({ ...metadata, actor }),
        when(command: TCommand) {
          const run = () => decider.decide(command, foldEvents(decider, history), metadata);
          return {
            then(expected: readonly TEvent[]): void {
              expect(run()).toEqual(expected);
            },
            thenFails(code: string, message?: string | RegExp): void {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(DomainError);
              expect((caught as DomainError).code).toBe(code);
              if (message !== undefined) expect((caught as DomainError).message).toMatch(message);
            },
          };
        },
      });
      return scenario(DEFAULT_METADATA);
    },
  };
}
