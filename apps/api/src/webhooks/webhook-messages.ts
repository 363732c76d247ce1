import type { RecordedEvent } from '@ledger/event-store';
import type {
  ActionPlanned,
  ActionUpdateSubmitted,
  AllyshipCheckInLogged,
  AllyshipPairingProposed,
  CommitmentClosed,
  CommitmentEndorsed,
  CommitmentMade,
  WebhookEventType,
} from '@ledger/domain';

/**
 * What a webhook receiver is told, per Standard Webhooks: `{ type, timestamp, data }`, the type in
 * dotted form. Data holds ids, statuses and dates only, never free text or names (an update's
 * narrative, a challenge's wording): the receiver reads those over GraphQL under its own grants.
 */
export const MESSAGE_TYPES: Readonly<Record<WebhookEventType, string>> = {
  UPDATE_SUBMITTED: 'action.update_submitted',
  ACTION_BECAME_OVERDUE: 'action.overdue',
  ACTION_SILENT: 'action.silent',
  COMMITMENT_STATUS_CHANGED: 'commitment.status_changed',
  CHALLENGE_RAISED: 'allyship.challenge_raised',
};

export type WebhookMessage = Readonly<{
  eventType: WebhookEventType;
  /** Unique per message: what a delivery's webhook-id is derived from, with the webhook's id. */
  key: string;
  partnershipId: string;
  body: string;
}>;

export const messageBody = (eventType: WebhookEventType, timestamp: string, data: object) =>
  JSON.stringify({ type: MESSAGE_TYPES[eventType], timestamp, data });

/** Which partnership a stream's subject belongs to, as the log has said so far. */
export type Links = Readonly<{
  partnershipOf: (kind: 'action' | 'commitment' | 'pairing', id: string) => string | null;
  commitmentStatus: (commitmentId: string) => string | null;
}>;

/** What an event teaches the worker about where later events belong; null when nothing. */
export function linkOf(event: RecordedEvent): { kind: 'action' | 'commitment' | 'pairing'; id: string; partnershipId: string; status?: string } | null {
  switch (event.type) {
    case 'ActionPlanned': {
      const { actionId, partnershipId } = (event as RecordedEvent<ActionPlanned['data']>).data;
      return { kind: 'action', id: actionId, partnershipId };
    }
    case 'CommitmentMade': {
      const { commitmentId, partnershipId } = (event as RecordedEvent<CommitmentMade['data']>).data;
      return { kind: 'commitment', id: commitmentId, partnershipId, status: 'PROPOSED' };
    }
    case 'AllyshipPairingProposed': {
      const { pairingId, partnershipId } = (event as RecordedEvent<AllyshipPairingProposed['data']>).data;
      return { kind: 'pairing', id: pairingId, partnershipId };
    }
    default:
      return null;
  }
}

/** The messages one event of the log makes (before any webhook is matched to them). */
export function messagesOf(event: RecordedEvent, links: Links): WebhookMessage[] {
  const timestamp = event.recordedAt.toISOString();
  const message = (eventType: WebhookEventType, partnershipId: string | null, data: object, key = event.id): WebhookMessage[] =>
    partnershipId ? [{ eventType, key, partnershipId, body: messageBody(eventType, timestamp, { partnershipId, ...data }) }] : [];
  switch (event.type) {
    case 'ActionUpdateSubmitted': {
      const { actionId, updateId, status, previousStatus, percentComplete, reportedOn, submittedAt } = (event as RecordedEvent<ActionUpdateSubmitted['data']>).data;
      return message('UPDATE_SUBMITTED', links.partnershipOf('action', actionId), {
        actionId,
        updateId,
        status,
        previousStatus,
        percentComplete,
        reportedOn: reportedOn ?? null,
        submittedAt,
      });
    }
    case 'CommitmentEndorsed': {
      const { commitmentId, endorsedOn } = (event as RecordedEvent<CommitmentEndorsed['data']>).data;
      return message('COMMITMENT_STATUS_CHANGED', links.partnershipOf('commitment', commitmentId), {
        commitmentId,
        status: 'ACTIVE',
        previousStatus: links.commitmentStatus(commitmentId),
        changedOn: endorsedOn,
      });
    }
    case 'CommitmentClosed': {
      const { commitmentId, outcome, closedAt } = (event as RecordedEvent<CommitmentClosed['data']>).data;
      return message('COMMITMENT_STATUS_CHANGED', links.partnershipOf('commitment', commitmentId), {
        commitmentId,
        status: outcome,
        previousStatus: links.commitmentStatus(commitmentId),
        changedAt: closedAt,
      });
    }
    case 'AllyshipCheckInLogged': {
      const { pairingId, checkInId, heldOn, challenges, loggedBy } = (event as RecordedEvent<AllyshipCheckInLogged['data']>).data;
      const partnershipId = links.partnershipOf('pairing', pairingId);
      return challenges.flatMap(({ challengeId, commitmentId, actionId }) =>
        message('CHALLENGE_RAISED', partnershipId, { pairingId, checkInId, challengeId, commitmentId, actionId, raisedOn: heldOn, raisedBy: loggedBy }, `${event.id}:${challengeId}`),
      );
    }
    default:
      return [];
  }
}

/** The commitment's status after an event, for the next change's `previousStatus`; null when the event changes none. */
export function commitmentStatusAfter(event: RecordedEvent): { commitmentId: string; status: string } | null {
  if (event.type === 'CommitmentEndorsed') return { commitmentId: (event.data as CommitmentEndorsed['data']).commitmentId, status: 'ACTIVE' };
  if (event.type === 'CommitmentClosed') {
    const { commitmentId, outcome } = event.data as CommitmentClosed['data'];
    return { commitmentId, status: outcome };
  }
  return null;
}
