import assert from 'node:assert/strict';
import type { Command, Decider, Event } from '../shared/decider.js';

/**
 * Given events, when a command, then events or an error: the domain's tests read as the rules do.
 * Uses node:assert only, so the domain stays free of any test framework.
 */
export const DeciderSpecification = {
  for<C extends Command, E extends Event, S>(decider: Decider<C, E, S>) {
    return {
      given(events: readonly E[]) {
        return {
          when(command: C) {
            const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
            return {
              then(expected: readonly E[]) {
                assert.deepStrictEqual(run(), expected);
              },
              thenThrows<T extends Error>(errorType: new (...args: never[]) => T, check?: (error: T) => void) {
                assert.throws(run, (error: unknown) => {
                  assert.ok(error instanceof errorType, `expected ${errorType.name}, got ${String(error)}`);
                  check?.(error);
                  return true;
                });
              },
            };
          },
        };
      },
    };
  },
};
