import type { Command, CommandMetadata, Decider } from '../shared/decider.js';
import { calendarDateIn } from '../shared/dates.js';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { requireLongText, requireUuid } from '../shared/rules.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import { annualReturnStreamId, type AnnualReturnDrafted, type AnnualReturnEntry, type AnnualReturnPublished } from './publication.events.js';
import { requirePublicPages } from './publication.js';

/** The first year a return may cover: older assessments are not this ledger's to hold. */
export const ANNUAL_RETURN_FIRST_YEAR = 2000;
/** An organisation holds tens of commitments, not hundreds; a longer return is a mistake or an attack. */
export const ANNUAL_RETURN_MAX_ENTRIES = 200;

/** What the handler looks up in each commitment's stream that a return names. */
export type AnnualReturnCommitmentFacts = Readonly<{ exists: boolean; partnershipId: string | null; owningOrganisationId: string | null }>;

export type DraftAnnualReturn = Command<
  'DraftAnnualReturn',
  {
    partnershipId: string;
    organisationId: string;
    year: number;
    entries: readonly Readonly<{ commitmentId: string; whatHasHappened: string; whatMoreIsToBeDone: string }>[];
    partnership: PartnershipFacts;
    /** Every commitment the entries name, by id. */
    commitments: Readonly<Record<string, AnnualReturnCommitmentFacts>>;
  }
>;
export type PublishAnnualReturn = Command<
  'PublishAnnualReturn',
  { partnershipId: string; organisationId: string; year: number; partnership: PartnershipFacts }
>;
export type AnnualReturnCommand = DraftAnnualReturn | PublishAnnualReturn;
export type AnnualReturnEvent = AnnualReturnDrafted | AnnualReturnPublished;

export type AnnualReturn =
  | { status: 'NotDrafted' }
  | {
      /** DRAFTED: the latest draft is not public yet; PUBLISHED: it is (a redraft makes it DRAFTED again, the published one staying public). */
      status: 'DRAFTED' | 'PUBLISHED';
      partnershipId: string;
      organisationId: string;
      year: number;
      entries: readonly AnnualReturnEntry[];
      publishedAt: string | null;
    };

/** The three parts of a return's id, checked: a year from 2000 to the partnership's current year. */
function requireReturnOf(data: { partnershipId: string; organisationId: string; year: number; partnership: PartnershipFacts }, now: Date) {
  const partnershipId = requireUuid('partnershipId', data.partnershipId);
  if (!data.partnership.formed) throw new NotFoundError('Partnership', partnershipId, 'partnershipId');
  const organisationId = requireUuid('organisationId', data.organisationId);
  const thisYear = Number(calendarDateIn(data.partnership.timeZone, now).slice(0, 4));
  if (!Number.isInteger(data.year) || data.year < ANNUAL_RETURN_FIRST_YEAR || data.year > thisYear) {
    throw new ValidationError('year', 'returnYear', `year must be a whole year from ${ANNUAL_RETURN_FIRST_YEAR} to ${thisYear}, the partnership’s current year`);
  }
  return { partnershipId, organisationId, year: data.year };
}

/** A partner drafts its own organisation's return only; the API checks grants first, this again against the command. */
function authorizeDraft(metadata: CommandMetadata, partnershipId: string, organisationId: string) {
  const actor = metadata.actor;
  if (actor?.role === 'PARTNER' && actor.organisationId !== organisationId) {
    throw new ForbiddenError("A partner may draft only its own organisation's annual return", [
      { role: 'SECRETARIAT', partnershipId },
      { role: 'PARTNER', organisationId },
    ]);
  }
}

function requireEntries(data: DraftAnnualReturn['data'], partnershipId: string, organisationId: string): AnnualReturnEntry[] {
  const given = data.entries ?? [];
  if (given.length === 0) throw new ValidationError('entries', 'notEmpty', 'A return reports on at least one of the organisation’s commitments');
  if (given.length > ANNUAL_RETURN_MAX_ENTRIES) {
    throw new ValidationError('entries', 'maxItems', `At most ${ANNUAL_RETURN_MAX_ENTRIES} entries per return`);
  }
  const entries: AnnualReturnEntry[] = [];
  given.forEach((entry, index) => {
    const field = `entries.${index}.commitmentId`;
    const commitmentId = requireUuid(field, entry?.commitmentId);
    const commitment = data.commitments[commitmentId];
    if (!commitment?.exists) throw new NotFoundError('Commitment', commitmentId, field);
    if (commitment.partnershipId !== partnershipId) {
      throw new ValidationError(field, 'samePartnership', `Commitment ${commitmentId} is another partnership's`);
    }
    if (commitment.owningOrganisationId !== organisationId) {
      throw new ValidationError(field, 'organisationsCommitment', `Commitment ${commitmentId} is not a commitment of organisation ${organisationId}`);
    }
    if (entries.some((earlier) => earlier.commitmentId === commitmentId)) {
      throw new ValidationError(field, 'distinct', `Commitment ${commitmentId} is reported on twice`);
    }
    entries.push({
      commitmentId,
      // "Consider, report on, and publish": the same two questions every update answers.
      whatHasHappened: requireLongText(`entries.${index}.whatHasHappened`, entry.whatHasHappened),
      whatMoreIsToBeDone: requireLongText(`entries.${index}.whatMoreIsToBeDone`, entry.whatMoreIsToBeDone),
    });
  });
  return entries;
}

/**
 * The annual assessment return of one organisation in one partnership for one year: drafted (and
 * redrafted, the whole return each time) by the organisation's partner or the secretariat, published
 * by the secretariat. A redraft after publication is drafted again until it too is published.
 */
export const annualReturnDecider: Decider<AnnualReturnCommand, AnnualReturnEvent, AnnualReturn> = {
  initialState: () => ({ status: 'NotDrafted' }),

  decide(command, state) {
    const now = command.metadata.now.toISOString();
    const { type } = command;
    switch (type) {
      case 'DraftAnnualReturn': {
        const { data } = command;
        const { partnershipId, organisationId, year } = requireReturnOf(data, command.metadata.now);
        authorizeDraft(command.metadata, partnershipId, organisationId);
        if (!data.partnership.organisationIds.includes(organisationId)) {
          throw new ValidationError('organisationId', 'partnershipMember', `Organisation ${organisationId} is not a member of the partnership`);
        }
        const entries = requireEntries(data, partnershipId, organisationId);
        if (state.status !== 'NotDrafted' && JSON.stringify(state.entries) === JSON.stringify(entries)) {
          throw new ValidationError('entries', 'changed', 'The return is already drafted as given: nothing would change');
        }
        return [{ type: 'AnnualReturnDrafted', data: { partnershipId, organisationId, year, entries, draftedAt: now } }];
      }
      case 'PublishAnnualReturn': {
        const { data } = command;
        const { partnershipId, organisationId, year } = requireReturnOf(data, command.metadata.now);
        if (state.status === 'NotDrafted') {
          throw new IllegalStateError(`Organisation ${organisationId} has no ${year} return drafted in this partnership: draft it before publishing`);
        }
        requirePublicPages(data.partnership, 'an annual return');
        if (state.status === 'PUBLISHED') throw new IllegalStateError(`The ${year} return is already published as drafted, since ${state.publishedAt}`);
        return [{ type: 'AnnualReturnPublished', data: { partnershipId, organisationId, year, publishedAt: now } }];
      }
      default: {
        const _never: never = type;
        throw new IllegalStateError(`Unknown command ${String(_never)}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'AnnualReturnDrafted': {
        const { partnershipId, organisationId, year, entries } = event.data;
        return { status: 'DRAFTED', partnershipId, organisationId, year, entries, publishedAt: state.status === 'NotDrafted' ? null : state.publishedAt };
      }
      case 'AnnualReturnPublished':
        if (state.status === 'NotDrafted') return state;
        return { ...state, status: 'PUBLISHED', publishedAt: event.data.publishedAt };
      default: {
        // Exhaustive at compile time; at run time an event type this code does not know changes nothing.
        const _never: never = event;
        return state;
      }
    }
  },
};

/** The three parts that name a return, as one id for `Ledger.handle`: "<partnershipId>/<organisationId>/<year>". */
export const annualReturnKey = (partnershipId: string, organisationId: string, year: number) =>
  // Ids are canonical in lower case (requireUuid), and so is the stream they name.
  `${partnershipId.toLowerCase()}/${organisationId.toLowerCase()}/${year}`;

/** Its stream kind, for the handlers: the decider, and the stream a key (`annualReturnKey`) names. */
export const annualReturnStream = {
  decider: annualReturnDecider,
  streamId: (key: string) => {
    const [partnershipId = '', organisationId = '', year = ''] = key.split('/');
    return annualReturnStreamId(partnershipId, organisationId, Number(year));
  },
} as const;
