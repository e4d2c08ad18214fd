import { Decider, DomainError, DomainEvent, foldEvents } from '@pk/kernel';

/**
 * Given/when/then for deciders, for use in jest specs:
 *
 *   spec(provider).given([registered]).when(register).thenFails('provider-already-registered')
 *
 * `then` compares the decided events exactly; `thenFails` expects a DomainError with that code.
 */
export function deciderSpec<TState, TCommand, TEvent extends DomainEvent>(
  decider: Decider<TState, TCommand, TEvent>,
) {
  return {
    given(history: readonly TEvent[]) {
      return {
        when(command: TCommand) {
          const run = () => decider.decide(command, foldEvents(decider, history));
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
      };
    },
  };
}
