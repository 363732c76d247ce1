import type { Command, Decider, Event } from '../shared/decider.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { requireLongText, requireName, requireOneOf, requireUuid } from '../shared/rules.js';

/** The six sectors a partnership draws on (State of the Nation, 2021). */
export const SECTORS = ['LOCAL_GOVERNMENT', 'PUBLIC_SERVICES', 'HEALTH', 'VCSE', 'BUSINESS', 'COMMUNITY'] as const;
export type Sector = (typeof SECTORS)[number];

export const organisationStreamId = (organisationId: string) => `organisation-${organisationId}`;

const REASON_MAX_LENGTH = 1000;

/**
 * The form of a name two registrations are compared by: case-folded, "&" read as "and", punctuation
 * dropped, spaces collapsed. "St. Mary's Hospital & Clinic" and "st marys hospital and clinic" match;
 * suffixes ("NHS Trust", "Ltd") are kept, since they often tell two bodies apart.
 */
export function normaliseOrganisationName(name: string): string {
  return name
    .normalize('NFKC')
    .toLocaleLowerCase('en-GB')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export type OrganisationRegistered = Event<
  'OrganisationRegistered',
  { organisationId: string; name: string; sector: Sector; registeredAt: string }
>;
export type OrganisationRenamed = Event<
  'OrganisationRenamed',
  { organisationId: string; name: string; previousName: string; reason: string; renamedAt: string }
>;
/**
 * On the duplicate's stream: it was registered twice and `survivorId` takes over. The record of the
 * merge: the partnerships the survivor joins and the open actions reassigned to it are completed from
 * it (see apps/api/src/organisations/organisation-merges.ts), so an interrupted merge is finished, never half-kept.
 */
export type OrganisationMerged = Event<
  'OrganisationMerged',
  { organisationId: string; survivorId: string; reason: string; partnershipIds: string[]; actionIds: string[]; mergedAt: string }
>;
/** The note on the survivor's stream of a duplicate merged into it. */
export type OrganisationAbsorbed = Event<'OrganisationAbsorbed', { organisationId: string; duplicateId: string; reason: string; absorbedAt: string }>;
export type OrganisationEvent = OrganisationRegistered | OrganisationRenamed | OrganisationMerged | OrganisationAbsorbed;

/** Organisations already registered under the same normalised name, looked up by the handler. */
export type SameName = readonly Readonly<{ organisationId: string; name: string }>[];

export type RegisterOrganisation = Command<
  'RegisterOrganisation',
  { organisationId: string; name: string; sector: string; sameName?: SameName; allowDuplicateName?: boolean }
>;
export type RenameOrganisation = Command<
  'RenameOrganisation',
  { organisationId: string; name: string; reason: string; sameName?: SameName; allowDuplicateName?: boolean }
>;
/** Sent to the duplicate's stream; the handler reads the survivor's stream and what the duplicate holds. */
export type MergeOrganisation = Command<
  'MergeOrganisation',
  {
    organisationId: string;
    survivorId: string;
    reason: string;
    survivor: Readonly<{ registered: boolean; mergedInto: string | null }>;
    partnershipIds: readonly string[];
    actionIds: readonly string[];
  }
>;
export type AbsorbOrganisation = Command<'AbsorbOrganisation', { organisationId: string; duplicateId: string; reason: string }>;
export type OrganisationCommand = RegisterOrganisation | RenameOrganisation | MergeOrganisation | AbsorbOrganisation;

type Known = { organisationId: string; name: string; sector: Sector; absorbedIds: ReadonlySet<string> };
export type Organisation =
  | { status: 'Unregistered' }
  | ({ status: 'Registered' } & Known)
  /** A merged organisation is kept for its history and refuses every further command. */
  | ({ status: 'Merged'; mergedInto: string } & Known);

function requireRegistered(state: Organisation, organisationId: string, field = 'organisationId') {
  if (state.status === 'Unregistered') throw new NotFoundError('Organisation', organisationId, field);
  if (state.status === 'Merged') throw new IllegalStateError(`Organisation ${organisationId} was merged into ${state.mergedInto}`);
  return state;
}

/** Refuses a name another organisation already has (normalised), unless the caller says it is meant. */
function requireDistinctName(name: string, sameName: SameName | undefined, allowDuplicateName: boolean | undefined, self?: string) {
  const existing = (sameName ?? []).find((other) => other.organisationId !== self);
  if (existing && !allowDuplicateName) {
    throw new ValidationError(
      'name',
      'duplicateName',
      `"${name}" matches organisation ${existing.organisationId} ("${existing.name}"); set allowDuplicateName: true if it is a different body`,
    );
  }
  return name;
}

export const organisationDecider: Decider<OrganisationCommand, OrganisationEvent, Organisation> = {
  initialState: () => ({ status: 'Unregistered' }),

  decide(command, state) {
    const now = command.metadata.now.toISOString();
    const { type } = command;
    switch (type) {
      case 'RegisterOrganisation': {
        const { data } = command;
        if (state.status !== 'Unregistered') {
          throw new IllegalStateError(`Organisation ${data.organisationId} is already registered`);
        }
        const name = requireDistinctName(requireName('name', data.name), data.sameName, data.allowDuplicateName);
        return [
          {
            type: 'OrganisationRegistered',
            data: {
              organisationId: requireUuid('organisationId', data.organisationId),
              name,
              sector: requireOneOf('sector', data.sector, SECTORS),
              registeredAt: now,
            },
          },
        ];
      }
      case 'RenameOrganisation': {
        const { data } = command;
        const organisation = requireRegistered(state, data.organisationId);
        const name = requireName('name', data.name);
        if (name === organisation.name) throw new ValidationError('name', 'changed', `The organisation is already named "${name}"`);
        requireDistinctName(name, data.sameName, data.allowDuplicateName, organisation.organisationId);
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        return [
          { type: 'OrganisationRenamed', data: { organisationId: organisation.organisationId, name, previousName: organisation.name, reason, renamedAt: now } },
        ];
      }
      case 'MergeOrganisation': {
        const { data } = command;
        const survivorId = requireUuid('survivorId', data.survivorId);
        if (survivorId === data.organisationId) throw new ValidationError('survivorId', 'notSelf', 'An organisation cannot be merged into itself');
        if (state.status === 'Unregistered') throw new NotFoundError('Organisation', data.organisationId, 'duplicateId');
        if (state.status === 'Merged') throw new IllegalStateError(`Organisation ${state.organisationId} was already merged into ${state.mergedInto}`);
        if (!data.survivor.registered && !data.survivor.mergedInto) throw new NotFoundError('Organisation', survivorId, 'survivorId');
        if (data.survivor.mergedInto) {
          throw new ValidationError('survivorId', 'notMerged', `Organisation ${survivorId} was itself merged into ${data.survivor.mergedInto}; merge into that one`);
        }
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        return [
          {
            type: 'OrganisationMerged',
            data: {
              organisationId: state.organisationId,
              survivorId,
              reason,
              partnershipIds: [...data.partnershipIds],
              actionIds: [...data.actionIds],
              mergedAt: now,
            },
          },
        ];
      }
      case 'AbsorbOrganisation': {
        const { data } = command;
        const survivor = requireRegistered(state, data.organisationId, 'survivorId');
        if (survivor.absorbedIds.has(data.duplicateId)) throw new IllegalStateError(`Organisation ${data.duplicateId} was already merged into this one`);
        return [{ type: 'OrganisationAbsorbed', data: { organisationId: survivor.organisationId, duplicateId: data.duplicateId, reason: data.reason, absorbedAt: now } }];
      }
      default: {
        const _never: never = type;
        throw new IllegalStateError(`Unknown command ${String(_never)}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'OrganisationRegistered': {
        const { organisationId, name, sector } = event.data;
        return { status: 'Registered', organisationId, name, sector, absorbedIds: new Set() };
      }
      case 'OrganisationRenamed':
        if (state.status === 'Unregistered') return state;
        return { ...state, name: event.data.name };
      case 'OrganisationMerged':
        if (state.status === 'Unregistered') return state;
        return { ...state, status: 'Merged', mergedInto: event.data.survivorId };
      case 'OrganisationAbsorbed':
        if (state.status === 'Unregistered') return state;
        return { ...state, absorbedIds: new Set([...state.absorbedIds, event.data.duplicateId]) };
      default: {
        const _never: never = event;
        return state;
      }
    }
  },
};

/** Its stream kind, for the handlers: the decider and the stream an id names. */
export const organisationStream = { decider: organisationDecider, streamId: organisationStreamId } as const;
