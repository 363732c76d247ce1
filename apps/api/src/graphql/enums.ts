import { registerEnumType } from '@nestjs/graphql';
import {
  ACTION_STATUSES,
  ALLYSHIP_PAIRING_STATUSES,
  COMMITMENT_OUTCOMES,
  COMMITMENT_STATUSES,
  INDICATOR_DIRECTIONS,
  PAIRING_SIDES,
  ITEM_VISIBILITIES,
  MEETING_FORMATS,
  MEETING_STATUSES,
  PARTNERSHIP_LEVELS,
  PRESENCES,
  RESOLUTION_KINDS,
  ROLES,
  SECTORS,
} from '@ledger/domain';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };

export const PartnershipLevel = enumOf(PARTNERSHIP_LEVELS);
export const Sector = enumOf(SECTORS);
export const Role = enumOf(ROLES);
export const CommitmentStatus = enumOf(COMMITMENT_STATUSES);
export const CommitmentOutcome = enumOf(COMMITMENT_OUTCOMES);
export const ActionStatus = enumOf(ACTION_STATUSES);
export const IndicatorDirection = enumOf(INDICATOR_DIRECTIONS);
export const AllyshipPairingStatus = enumOf(ALLYSHIP_PAIRING_STATUSES);
export const PairingSide = enumOf(PAIRING_SIDES);
export const MeetingStatus = enumOf(MEETING_STATUSES);
export const MeetingFormat = enumOf(MEETING_FORMATS);
export const Presence = enumOf(PRESENCES);
export const ItemVisibility = enumOf(ITEM_VISIBILITIES);
export const ResolutionKind = enumOf(RESOLUTION_KINDS);

registerEnumType(PartnershipLevel, { name: 'PartnershipLevel', description: 'System (ICS), place (upper-tier council area) or neighbourhood.' });
registerEnumType(Sector, { name: 'Sector', description: 'The six sectors a partnership draws on.' });
registerEnumType(Role, { name: 'Role' });
registerEnumType(CommitmentStatus, { name: 'CommitmentStatus', description: 'PROPOSED → ACTIVE (endorsed) → ACHIEVED | MISSED | WITHDRAWN.' });
registerEnumType(CommitmentOutcome, { name: 'CommitmentOutcome' });
export const CommitmentOrder = { MADE_ASC: 'MADE_ASC', MADE_DESC: 'MADE_DESC' } as const;
registerEnumType(CommitmentOrder, { name: 'CommitmentOrder', description: 'In the order made, or newest first.' });
registerEnumType(ActionStatus, { name: 'ActionStatus' });
registerEnumType(IndicatorDirection, { name: 'IndicatorDirection' });
registerEnumType(AllyshipPairingStatus, { name: 'AllyshipPairingStatus', description: 'PROPOSED → ACTIVE ⇄ PAUSED → ENDED.' });
registerEnumType(PairingSide, { name: 'PairingSide', description: 'Who logged a check-in or answered a challenge.' });
registerEnumType(MeetingStatus, { name: 'MeetingStatus', description: 'SCHEDULED → HELD (attendance recorded) → MINUTES_DRAFTED → MINUTES_CONFIRMED (at a later meeting).' });
registerEnumType(MeetingFormat, { name: 'MeetingFormat', description: 'IN_PERSON needs a place, ONLINE a link, HYBRID both.' });
registerEnumType(Presence, { name: 'Presence', description: 'Present (voting), in attendance (officers, invitees), or apologies.' });
registerEnumType(ItemVisibility, { name: 'ItemVisibility', description: 'PRIVATE items are taken without press and public.' });
registerEnumType(ResolutionKind, { name: 'ResolutionKind' });
