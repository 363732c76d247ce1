import type { Command, Decider, Event } from '../shared/decider.js';
import { IllegalStateError, NotFoundError } from '../shared/errors.js';
import { requireLongText, requireUuid } from '../shared/rules.js';

const REASON_MAX_LENGTH = 1000;

/** A person's own stream: only the fact that they were forgotten, never who they were. */
export const personStreamId = (personId: string) => `person-${personId}`;

/** Holds no personal data: the person's id (already in every event they acted in) and why. */
export type PersonForgotten = Event<'PersonForgotten', { personId: string; reason: string; forgottenAt: string }>;
export type PersonEvent = PersonForgotten;

export type ForgetPerson = Command<
  'ForgetPerson',
  {
    personId: string;
    reason: string;
    /** Whether the personal-data store holds anything about them (looked up by the handler). */
    known: boolean;
  }
>;
export type PersonCommand = ForgetPerson;

export type PersonRecord = Readonly<{ forgotten: boolean }>;

export const personDecider: Decider<PersonCommand, PersonEvent, PersonRecord> = {
  initialState: () => ({ forgotten: false }),

  decide(command, state) {
    const { personId, reason, known } = command.data;
    if (state.forgotten) throw new IllegalStateError(`Person ${personId} has already been forgotten`);
    if (!known) throw new NotFoundError('Person', personId, 'personId');
    return [
      {
        type: 'PersonForgotten',
        data: { personId: requireUuid('personId', personId), reason: requireLongText('reason', reason, REASON_MAX_LENGTH), forgottenAt: command.metadata.now.toISOString() },
      },
    ];
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'PersonForgotten':
        return { forgotten: true };
    }
  },
};

export const personStream = { decider: personDecider, streamId: personStreamId } as const;
