import type { EventMetadata, NewEvent } from '../../event-store.js';

export const metadata: EventMetadata = {
  actor: { personId: 'partner-7', grantId: 'grant-7', role: 'PARTNER', organisationId: 'org-leeds' },
  correlationId: 'correlation-9',
  causationId: 'causation-9',
  schemaVersion: 3,
};

let ids = 0;
/** A new event with a fresh id, as command handling would hand it to the store. */
export const newEvent = (type = 'CommitmentMade', data: object = { title: 'Reduce A&E waits' }): NewEvent => ({
  id: `00000000-0000-7000-8000-${String(++ids).padStart(12, '0')}`,
  type,
  data,
  metadata,
});
