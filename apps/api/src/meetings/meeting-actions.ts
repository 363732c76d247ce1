import { v5 as uuidv5 } from 'uuid';

/** Namespace of the ids of actions raised at meetings (any fixed UUID would do; never change it). */
const MEETING_ACTION_NAMESPACE = '3c7b9e41-2f6a-4d85-b0c3-8e1d5a6f7b92';

/**
 * The id of the action an item raised for one owner: derived from the meeting, the item's actionRef
 * and the owner, so a retry starts the same streams and a client's actionRef can never name (and so
 * silently reuse) an action that already exists. Every action raised carries the actionRef as its planId.
 */
export const meetingActionId = (meetingId: string, actionRef: string, owningOrganisationId: string) =>
  uuidv5(`${meetingId}/${actionRef}/${owningOrganisationId}`, MEETING_ACTION_NAMESPACE);
