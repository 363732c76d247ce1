/** A domain event as the domain sees it: a past-tense type and plain JSON data. */
export type Event<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

import type { Actor } from './actor.js';

/**
 * What every command carries besides its data: the clock, so `decide` stays pure, and who is
 * acting, for rules such as "a partner reports only on its own organisation's actions".
 */
export type CommandMetadata = Readonly<{ now: Date; actor?: Actor }>;

export type Command<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: CommandMetadata;
}>;

/** The write model of one stream: pure, synchronous, free of any framework or store. */
export interface Decider<C extends Command, E extends Event, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

/** A kind of stream: the decider of its commands, and the stream an id names. The API's `Ledger.handle` takes one. */
export type Stream<C extends Command, E extends Event, S> = Readonly<{ decider: Decider<C, E, S>; streamId: (id: string) => string }>;
