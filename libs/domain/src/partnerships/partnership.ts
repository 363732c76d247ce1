import type { Command, Decider, Event } from '../shared/decider.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import { calendarDateIn, DEFAULT_TIME_ZONE, requireCalendarDate, requireNotAfterToday, requireTimeZone } from '../shared/dates.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { optionalText, requireLongText, requireName, requireOneOf, requireUuid } from '../shared/rules.js';
import { BOARD_SETTING_NAMES, DEFAULT_BOARD_SETTINGS, requireSettingDays, type BoardSettings } from './board-settings.js';
import { DEFAULT_PUBLICATION_SETTINGS, type PublicationSettings, type PublicationSettingsChanged } from '../publication/publication.events.js';
import { publicationSettingsAfter, type ChangePublicationSettings } from '../publication/publication.js';

/** System (ICS), place (upper-tier council area, led by its HWB) or neighbourhood. */
export const PARTNERSHIP_LEVELS = ['SYSTEM', 'PLACE', 'NEIGHBOURHOOD'] as const;
export type PartnershipLevel = (typeof PARTNERSHIP_LEVELS)[number];

export const partnershipStreamId = (partnershipId: string) => `partnership-${partnershipId}`;

export type PartnershipFormed = Event<
  'PartnershipFormed',
  {
    partnershipId: string;
    name: string;
    level: PartnershipLevel;
    parentPartnershipId: string | null;
    /** IANA name: "today" for the partnership's rules is the calendar date there. Absent before time zones: read as Europe/London. */
    timeZone?: string;
    formedAt: string;
  }
>;
export type OrganisationJoinedPartnership = Event<
  'OrganisationJoinedPartnership',
  { partnershipId: string; organisationId: string; joinedAt: string }
>;
/** Carries the person's id only: names and contacts live in the personal-data store so they can be erased. */
export type MemberAppointed = Event<
  'MemberAppointed',
  { partnershipId: string; memberId: string; personId: string; organisationId: string; roleTitle: string; appointedAt: string }
>;
/** A priority or principle the partnership adopts (e.g. the LLR framework's 12 principles); commitments link to them. */
export type PriorityAdopted = Event<
  'PriorityAdopted',
  { partnershipId: string; priorityId: string; code: string; title: string; description: string | null; adoptedAt: string }
>;
export type PriorityRetired = Event<'PriorityRetired', { partnershipId: string; priorityId: string; reason: string | null; retiredAt: string }>;
/** The board views' thresholds, whole: each event carries every setting, so the latest one is the partnership's settings. */
export type PartnershipSettingsChanged = Event<'PartnershipSettingsChanged', { partnershipId: string; changedAt: string } & BoardSettings>;
/** An organisation leaves; its board seats are vacated with it. It may join again later. */
export type OrganisationLeftPartnership = Event<'OrganisationLeftPartnership', { partnershipId: string; organisationId: string; reason: string; leftAt: string }>;
/** A seat is vacated: the person and organisation are no longer on the board; history keeps who sat there. */
export type MemberVacated = Event<'MemberVacated', { partnershipId: string; memberId: string; reason: string; vacatedAt: string }>;
/** The partnership is wound up: from then on nothing under it changes. `dissolvedOn` is the business date. */
export type PartnershipDissolved = Event<'PartnershipDissolved', { partnershipId: string; reason: string; dissolvedOn: string; dissolvedAt: string }>;
export type PartnershipEvent =
  | PartnershipFormed
  | OrganisationJoinedPartnership
  | MemberAppointed
  | PriorityAdopted
  | PriorityRetired
  | PartnershipSettingsChanged
  | OrganisationLeftPartnership
  | MemberVacated
  | PartnershipDissolved
  | PublicationSettingsChanged;

/**
 * Facts about other streams that a command depends on are looked up by the handler
 * before `decide` runs, and passed in with the command.
 */
export type FormPartnership = Command<
  'FormPartnership',
  {
    partnershipId: string;
    name: string;
    level: string;
    parentPartnershipId?: string | null;
    parentIsFormed?: boolean;
    /** The handler fills in the deployment's default when the secretariat gives none. */
    timeZone: string;
  }
>;
export type JoinPartnership = Command<
  'JoinPartnership',
  { partnershipId: string; organisationId: string; organisationIsRegistered: boolean }
>;
export type AppointMember = Command<
  'AppointMember',
  { partnershipId: string; memberId: string; personId: string; organisationId: string; roleTitle: string }
>;
export type AdoptPriority = Command<
  'AdoptPriority',
  { partnershipId: string; priorityId: string; code: string; title: string; description?: string | null }
>;
export type RetirePriority = Command<'RetirePriority', { partnershipId: string; priorityId: string; reason?: string | null }>;
/** Settings left out keep their current value. */
export type ChangePartnershipSettings = Command<
  'ChangePartnershipSettings',
  { partnershipId: string } & { [Name in keyof BoardSettings]?: number | null }
>;
/** `openActionCount`: the open actions of this partnership the organisation owns, counted by the handler. */
export type LeavePartnership = Command<'LeavePartnership', { partnershipId: string; organisationId: string; reason: string; openActionCount: number }>;
export type VacateMember = Command<'VacateMember', { partnershipId: string; memberId: string; reason: string }>;
/** `dissolvedOn` defaults to the partnership's today. */
export type DissolvePartnership = Command<'DissolvePartnership', { partnershipId: string; reason: string; dissolvedOn?: string | null }>;
export type PartnershipCommand =
  | FormPartnership
  | JoinPartnership
  | AppointMember
  | AdoptPriority
  | RetirePriority
  | LeavePartnership
  | VacateMember
  | DissolvePartnership
  | ChangePartnershipSettings
  | ChangePublicationSettings;

/** Short codes such as "P7" or "HI-1", shown beside a commitment's title. */
export const PRIORITY_CODE_MAX_LENGTH = 20;
const REASON_MAX_LENGTH = 1000;

/** A retired priority keeps its id (commitments made under it still point at it) but frees its code. */
export type PriorityEntry = Readonly<{ code: string; retired: boolean }>;

export type Partnership =
  | { status: 'NotFormed' }
  | {
      status: 'Formed';
      partnershipId: string;
      level: PartnershipLevel;
      parentPartnershipId: string | null;
      timeZone: string;
      organisationIds: ReadonlySet<string>;
      /** The seats held now, each with its organisation. */
      seats: ReadonlyMap<string, string>;
      priorities: ReadonlyMap<string, PriorityEntry>;
      /** Absent in states folded before settings existed: the defaults. */
      settings?: BoardSettings;
      /** What its public pages may show; absent until a secretariat first changes them: the defaults (nothing public). */
      publication?: PublicationSettings;
      dissolvedOn: string | null;
    };

/** What other streams' commands need to know about a partnership; a handler builds it from the loaded state. */
export function partnershipFacts(state: Partnership): PartnershipFacts {
  if (state.status !== 'Formed') {
    return {
      formed: false,
      parentPartnershipId: null,
      timeZone: DEFAULT_TIME_ZONE,
      organisationIds: [],
      memberIds: [],
      activePriorityIds: [],
      dissolvedOn: null,
      publication: DEFAULT_PUBLICATION_SETTINGS,
    };
  }
  return {
    formed: true,
    parentPartnershipId: state.parentPartnershipId,
    timeZone: state.timeZone,
    organisationIds: [...state.organisationIds],
    memberIds: [...state.seats.keys()],
    activePriorityIds: [...state.priorities].filter(([, priority]) => !priority.retired).map(([priorityId]) => priorityId),
    dissolvedOn: state.dissolvedOn,
    publication: state.publication ?? DEFAULT_PUBLICATION_SETTINGS,
  };
}

/** The one refusal every command on a dissolved partnership, or on anything under it, gets. */
export function requireNotDissolved(partnership: Pick<PartnershipFacts, 'dissolvedOn'>) {
  if (partnership.dissolvedOn) throw new IllegalStateError(`The partnership was dissolved on ${partnership.dissolvedOn}; it is read-only`);
}

/** Formed and not dissolved: what every command on the partnership's own stream needs. */
function requireFormed(state: Partnership, partnershipId: string) {
  if (state.status !== 'Formed') throw new NotFoundError('Partnership', partnershipId, 'partnershipId');
  requireNotDissolved(state);
  return state;
}

export const partnershipDecider: Decider<PartnershipCommand, PartnershipEvent, Partnership> = {
  initialState: () => ({ status: 'NotFormed' }),

  decide(command, state) {
    const now = command.metadata.now.toISOString();
    const { type } = command;
    switch (type) {
      case 'FormPartnership': {
        const { data } = command;
        if (state.status !== 'NotFormed') {
          throw new IllegalStateError(`Partnership ${data.partnershipId} is already formed`);
        }
        const name = requireName('name', data.name);
        const level = requireOneOf('level', data.level, PARTNERSHIP_LEVELS);
        const timeZone = requireTimeZone('timeZone', data.timeZone);
        const parentPartnershipId = data.parentPartnershipId
          ? requireUuid('parentPartnershipId', data.parentPartnershipId)
          : null;
        if (parentPartnershipId && !data.parentIsFormed) {
          throw new ValidationError('parentPartnershipId', 'exists', `Parent partnership ${parentPartnershipId} does not exist`);
        }
        if (parentPartnershipId === data.partnershipId) {
          throw new ValidationError('parentPartnershipId', 'notSelf', 'A partnership cannot be its own parent');
        }
        return [
          {
            type: 'PartnershipFormed',
            data: { partnershipId: requireUuid('partnershipId', data.partnershipId), name, level, parentPartnershipId, timeZone, formedAt: now },
          },
        ];
      }
      case 'JoinPartnership': {
        const { data } = command;
        const partnership = requireFormed(state, data.partnershipId);
        const organisationId = requireUuid('organisationId', data.organisationId);
        if (!data.organisationIsRegistered) {
          throw new ValidationError('organisationId', 'exists', `Organisation ${organisationId} is not registered`);
        }
        if (partnership.organisationIds.has(organisationId)) {
          throw new ValidationError(
            'organisationId',
            'notAlreadyJoined',
            `Organisation ${organisationId} has already joined this partnership`,
          );
        }
        return [{ type: 'OrganisationJoinedPartnership', data: { partnershipId: partnership.partnershipId, organisationId, joinedAt: now } }];
      }
      case 'AppointMember': {
        const { data } = command;
        const partnership = requireFormed(state, data.partnershipId);
        const organisationId = requireUuid('organisationId', data.organisationId);
        if (!partnership.organisationIds.has(organisationId)) {
          throw new ValidationError(
            'organisationId',
            'joinedPartnership',
            `Organisation ${organisationId} must join the partnership before its people can be appointed to the board`,
          );
        }
        if (partnership.seats.has(data.memberId)) {
          throw new IllegalStateError(`Member ${data.memberId} is already appointed`);
        }
        return [
          {
            type: 'MemberAppointed',
            data: {
              partnershipId: partnership.partnershipId,
              memberId: requireUuid('memberId', data.memberId),
              personId: requireUuid('personId', data.personId),
              organisationId,
              roleTitle: requireName('roleTitle', data.roleTitle),
              appointedAt: now,
            },
          },
        ];
      }
      case 'AdoptPriority': {
        const { data } = command;
        const partnership = requireFormed(state, data.partnershipId);
        const priorityId = requireUuid('priorityId', data.priorityId);
        if (partnership.priorities.has(priorityId)) {
          throw new IllegalStateError(`Priority ${priorityId} is already adopted`);
        }
        const code = requireName('code', data.code, PRIORITY_CODE_MAX_LENGTH);
        const title = requireName('title', data.title);
        const description = optionalText('description', data.description);
        // Codes are how boards refer to priorities ("principle 7"), so two live ones may not share one;
        // a retired priority's code may be reused.
        const clash = [...partnership.priorities.values()].some(
          (priority) => !priority.retired && priority.code.toLowerCase() === code.toLowerCase(),
        );
        if (clash) {
          throw new ValidationError('code', 'unique', `The partnership already has an active priority with code ${code}`);
        }
        return [
          {
            type: 'PriorityAdopted',
            data: { partnershipId: partnership.partnershipId, priorityId, code, title, description, adoptedAt: now },
          },
        ];
      }
      case 'RetirePriority': {
        const { data } = command;
        const partnership = requireFormed(state, data.partnershipId);
        const priorityId = requireUuid('priorityId', data.priorityId);
        const priority = partnership.priorities.get(priorityId);
        if (!priority) throw new NotFoundError('Priority', priorityId, 'priorityId');
        if (priority.retired) throw new IllegalStateError(`Priority ${priority.code} is already retired`);
        return [
          {
            type: 'PriorityRetired',
            data: {
              partnershipId: partnership.partnershipId,
              priorityId,
              reason: optionalText('reason', data.reason, REASON_MAX_LENGTH),
              retiredAt: now,
            },
          },
        ];
      }
      case 'ChangePartnershipSettings': {
        const { data } = command;
        const partnership = requireFormed(state, data.partnershipId);
        const current = partnership.settings ?? DEFAULT_BOARD_SETTINGS;
        const settings = Object.fromEntries(
          BOARD_SETTING_NAMES.map((name) => [name, data[name] === undefined || data[name] === null ? current[name] : requireSettingDays(name, data[name])]),
        ) as Record<keyof BoardSettings, number>;
        if (BOARD_SETTING_NAMES.every((name) => settings[name] === current[name])) {
          throw new ValidationError('settings', 'changed', 'The settings given are the partnership’s settings already: nothing would change');
        }
        return [{ type: 'PartnershipSettingsChanged', data: { partnershipId: partnership.partnershipId, ...settings, changedAt: now } }];
      }
      case 'ChangePublicationSettings': {
        const { data } = command;
        const partnership = requireFormed(state, data.partnershipId);
        const settings = publicationSettingsAfter(partnership.publication ?? DEFAULT_PUBLICATION_SETTINGS, data);
        return [{ type: 'PublicationSettingsChanged', data: { partnershipId: partnership.partnershipId, ...settings, changedAt: now } }];
      }
      case 'LeavePartnership': {
        const { data } = command;
        const partnership = requireFormed(state, data.partnershipId);
        const organisationId = requireUuid('organisationId', data.organisationId);
        if (!partnership.organisationIds.has(organisationId)) {
          throw new ValidationError('organisationId', 'joinedPartnership', `Organisation ${organisationId} is not a member of this partnership`);
        }
        // Its actions would be left with an owner outside the partnership: the board reassigns or closes them first.
        if (data.openActionCount > 0) {
          const actions = data.openActionCount === 1 ? '1 open action' : `${data.openActionCount} open actions`;
          throw new IllegalStateError(`Organisation ${organisationId} still owns ${actions} of this partnership; reassign or close them before it leaves`);
        }
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        const { partnershipId } = partnership;
        const seats = [...partnership.seats].filter(([, holder]) => holder === organisationId);
        return [
          ...seats.map(([memberId]): MemberVacated => ({ type: 'MemberVacated', data: { partnershipId, memberId, reason, vacatedAt: now } })),
          { type: 'OrganisationLeftPartnership', data: { partnershipId, organisationId, reason, leftAt: now } },
        ];
      }
      case 'VacateMember': {
        const { data } = command;
        const partnership = requireFormed(state, data.partnershipId);
        const memberId = requireUuid('memberId', data.memberId);
        if (!partnership.seats.has(memberId)) throw new NotFoundError('Member', memberId, 'memberId');
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        return [{ type: 'MemberVacated', data: { partnershipId: partnership.partnershipId, memberId, reason, vacatedAt: now } }];
      }
      case 'DissolvePartnership': {
        const { data } = command;
        const partnership = requireFormed(state, data.partnershipId);
        const today = calendarDateIn(partnership.timeZone, command.metadata.now);
        const dissolvedOn = data.dissolvedOn ? requireNotAfterToday('dissolvedOn', requireCalendarDate('dissolvedOn', data.dissolvedOn), today) : today;
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        return [{ type: 'PartnershipDissolved', data: { partnershipId: partnership.partnershipId, reason, dissolvedOn, dissolvedAt: now } }];
      }
      default: {
        const _never: never = type;
        throw new IllegalStateError(`Unknown command ${String(_never)}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PartnershipFormed':
        return {
          status: 'Formed',
          partnershipId: event.data.partnershipId,
          level: event.data.level,
          parentPartnershipId: event.data.parentPartnershipId,
          timeZone: event.data.timeZone ?? DEFAULT_TIME_ZONE,
          organisationIds: new Set(),
          seats: new Map(),
          priorities: new Map(),
          dissolvedOn: null,
        };
      case 'OrganisationJoinedPartnership':
        if (state.status !== 'Formed') return state;
        return { ...state, organisationIds: new Set([...state.organisationIds, event.data.organisationId]) };
      case 'MemberAppointed':
        if (state.status !== 'Formed') return state;
        return { ...state, seats: new Map([...state.seats, [event.data.memberId, event.data.organisationId]]) };
      case 'PriorityAdopted': {
        if (state.status !== 'Formed') return state;
        const priorities = new Map(state.priorities);
        priorities.set(event.data.priorityId, { code: event.data.code, retired: false });
        return { ...state, priorities };
      }
      case 'PriorityRetired': {
        if (state.status !== 'Formed') return state;
        const priority = state.priorities.get(event.data.priorityId);
        if (!priority) return state;
        const priorities = new Map(state.priorities);
        priorities.set(event.data.priorityId, { ...priority, retired: true });
        return { ...state, priorities };
      }
      case 'PartnershipSettingsChanged': {
        if (state.status !== 'Formed') return state;
        const { amberWithinDays, silentAfterDays, dueSoonDays } = event.data;
        return { ...state, settings: { amberWithinDays, silentAfterDays, dueSoonDays } };
      }
      case 'OrganisationLeftPartnership': {
        if (state.status !== 'Formed') return state;
        const organisationIds = new Set(state.organisationIds);
        organisationIds.delete(event.data.organisationId);
        return { ...state, organisationIds };
      }
      case 'MemberVacated': {
        if (state.status !== 'Formed') return state;
        const seats = new Map(state.seats);
        seats.delete(event.data.memberId);
        return { ...state, seats };
      }
      case 'PartnershipDissolved':
        if (state.status !== 'Formed') return state;
        return { ...state, dissolvedOn: event.data.dissolvedOn };
      case 'PublicationSettingsChanged': {
        if (state.status !== 'Formed') return state;
        const { publicPages, publishUpdatesAutomatically, publishMinutesAutomatically } = event.data;
        return { ...state, publication: { publicPages, publishUpdatesAutomatically, publishMinutesAutomatically } };
      }
      default: {
        // Exhaustive at compile time; at run time an event type this code does not know changes nothing.
        const _never: never = event;
        return state;
      }
    }
  },
};

/** Its stream kind, for the handlers: the decider and the stream an id names. */
export const partnershipStream = { decider: partnershipDecider, streamId: partnershipStreamId } as const;
