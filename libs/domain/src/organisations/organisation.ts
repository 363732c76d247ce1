import type { Command, Decider, Event } from '../shared/decider.js';
import { IllegalStateError } from '../shared/errors.js';
import { requireName, requireOneOf, requireUuid } from '../shared/rules.js';

/** The six sectors a partnership draws on (State of the Nation, 2021). */
export const SECTORS = ['LOCAL_GOVERNMENT', 'PUBLIC_SERVICES', 'HEALTH', 'VCSE', 'BUSINESS', 'COMMUNITY'] as const;
export type Sector = (typeof SECTORS)[number];

export const organisationStreamId = (organisationId: string) => `organisation-${organisationId}`;

export type OrganisationRegistered = Event<
  'OrganisationRegistered',
  { organisationId: string; name: string; sector: Sector; registeredAt: string }
>;
export type OrganisationEvent = OrganisationRegistered;

export type RegisterOrganisation = Command<'RegisterOrganisation', { organisationId: string; name: string; sector: string }>;
export type OrganisationCommand = RegisterOrganisation;

export type Organisation =
  | { status: 'Unregistered' }
  | { status: 'Registered'; organisationId: string; name: string; sector: Sector };

export const organisationDecider: Decider<OrganisationCommand, OrganisationEvent, Organisation> = {
  initialState: () => ({ status: 'Unregistered' }),

  decide(command, state) {
    const { type } = command;
    switch (type) {
      case 'RegisterOrganisation': {
        if (state.status !== 'Unregistered') {
          throw new IllegalStateError(`Organisation ${command.data.organisationId} is already registered`);
        }
        return [
          {
            type: 'OrganisationRegistered',
            data: {
              organisationId: requireUuid('organisationId', command.data.organisationId),
              name: requireName('name', command.data.name),
              sector: requireOneOf('sector', command.data.sector, SECTORS),
              registeredAt: command.metadata.now.toISOString(),
            },
          },
        ];
      }
      default: {
        const _never: never = type;
        throw new IllegalStateError(`Unknown command ${String(_never)}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'OrganisationRegistered':
        return { status: 'Registered', ...event.data };
      default:
        return state;
    }
  },
};

/** Its stream kind, for the handlers: the decider and the stream an id names. */
export const organisationStream = { decider: organisationDecider, streamId: organisationStreamId } as const;
