import type { Command, Decider, Event } from '@ledger/domain';

/** A stream that counts: each event records the count it saw plus one, so a lost or doubled update shows as a wrong number. */
export type Count = Command<'Count', { by: string }>;
export type Counted = Event<'Counted', { n: number; by: string }>;
export const counter: Decider<Count, Counted, number> = {
  initialState: () => 0,
  decide: (command, seen) => [{ type: 'Counted', data: { n: seen + 1, by: command.data.by } }],
  evolve: (_seen, event) => event.data.n,
};
export const count = (by: string): Count => ({ type: 'Count', data: { by }, metadata: { now: new Date() } });
