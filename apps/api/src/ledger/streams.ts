import {
  accessDecider,
  accessStreamId,
  actionDecider,
  actionStreamId,
  commitmentDecider,
  commitmentStreamId,
  indicatorDecider,
  indicatorStreamId,
  organisationDecider,
  organisationStreamId,
  partnershipDecider,
  partnershipStreamId,
  type Command,
  type Decider,
  type Event,
} from '@ledger/domain';

/** A kind of stream: the decider of its commands, and the stream an id names. `Ledger.handle` takes one. */
export type Stream<C extends Command, E extends Event, S> = Readonly<{ decider: Decider<C, E, S>; streamId: (id: string) => string }>;

// One per decider in @ledger/domain. They would sit best beside each decider there; they are here
// so that handlers, facts and access rules take a stream kind as one value.
export const partnershipStream = { decider: partnershipDecider, streamId: partnershipStreamId };
export const organisationStream = { decider: organisationDecider, streamId: organisationStreamId };
export const commitmentStream = { decider: commitmentDecider, streamId: commitmentStreamId };
export const actionStream = { decider: actionDecider, streamId: actionStreamId };
export const indicatorStream = { decider: indicatorDecider, streamId: indicatorStreamId };
export const accessStream = { decider: accessDecider, streamId: accessStreamId };
