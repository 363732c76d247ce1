import type { CommandMetadata, Decider } from '../shared/decider.js';
import { GrowOnlyMap } from '../shared/grow-only-map.js';
import { calendarDateIn, requireCalendarDate, requireNotAfterToday } from '../shared/dates.js';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { optionalName, requireLongText, requireName, requireOneOf, requireUuid } from '../shared/rules.js';
import { CLOSED_COMMITMENT_STATUSES } from '../commitments/commitment.js';
import type { CommitmentFacts } from '../actions/action.events.js';
import {
  INDICATOR_DIRECTIONS,
  progressFromBaseline,
  type DatedValue,
  type IndicatorCommand,
  type IndicatorDirection,
  type IndicatorEvent,
} from './indicator.events.js';
import { indicatorStreamId } from './indicator.events.js';

const UNIT_MAX_LENGTH = 50;
const SOURCE_MAX_LENGTH = 200;
const REASON_MAX_LENGTH = 1000;
/**
 * Indicator values are counts, rates and percentages: a trillion either way is far beyond any of
 * them, and with the target at least MIN_TARGET_GAP from the baseline, progress stays finite.
 */
export const INDICATOR_VALUE_LIMIT = 1e12;
export const MIN_TARGET_GAP = 1e-9;

/** One reading in the indicator's history; a corrected reading stays, marked with the reading that supersedes it. */
export type IndicatorReading = Readonly<{ value: number; periodDate: string; source: string; supersededBy: string | null }>;

export type Indicator =
  | { status: 'NotDefined' }
  | {
      status: 'Defined';
      indicatorId: string;
      commitmentId: string;
      owningOrganisationId: string;
      direction: IndicatorDirection;
      baselineValue: number;
      targetValue: number;
      /** Grows by one reading per event without copying: an indicator may hold thousands. */
      readings: GrowOnlyMap<string, IndicatorReading>;
    };

type DefinedIndicator = Exclude<Indicator, { status: 'NotDefined' }>;

function requireDefined(state: Indicator, indicatorId: string): DefinedIndicator {
  if (state.status === 'NotDefined') throw new NotFoundError('Indicator', indicatorId, 'indicatorId');
  return state;
}

/** A partner organisation records readings only for the indicators it owns. */
function authorize(metadata: CommandMetadata, indicator: DefinedIndicator) {
  const actor = metadata.actor;
  if (actor?.role === 'PARTNER' && actor.organisationId !== indicator.owningOrganisationId) {
    throw new ForbiddenError("A partner may record readings only on its own organisation's indicators", [
      { role: 'PARTNER', organisationId: indicator.owningOrganisationId },
    ]);
  }
}

function requireValue(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError(field, 'finite', `${field} must be a finite number`);
  }
  if (Math.abs(value) > INDICATOR_VALUE_LIMIT) {
    throw new ValidationError(field, 'range', `${field} must be from -1e12 to 1e12`);
  }
  return value;
}

function requireDatedValue(field: string, dated: DatedValue): DatedValue {
  return { value: requireValue(`${field}.value`, dated.value), date: requireCalendarDate(`${field}.date`, dated.date) };
}

/** A reading's value, with a progress every view can show (older definitions may be degenerate). */
function requireReadingValue(indicator: DefinedIndicator, value: number): number {
  requireValue('value', value);
  if (!Number.isFinite(progressFromBaseline(value, indicator.baselineValue, indicator.targetValue))) {
    throw new ValidationError('value', 'finiteProgress', "value must give a finite progress between the indicator's baseline and target");
  }
  return value;
}

/** The id minted for a new reading: a retried command is refused rather than recorded twice. */
function requireNewReadingId(indicator: DefinedIndicator, readingId: string): string {
  const id = requireUuid('readingId', readingId);
  if (indicator.readings.has(id)) throw new IllegalStateError(`Reading ${id} is already recorded on this indicator`);
  return id;
}

/** A closed commitment's indicators are part of the record: no more readings or corrections. */
function requireCommitmentOpen(commitment: CommitmentFacts) {
  if (commitment.status && CLOSED_COMMITMENT_STATUSES.includes(commitment.status)) {
    throw new IllegalStateError(`The indicator's commitment is ${commitment.status}: its indicators take no more readings or corrections`);
  }
}

/**
 * The reading's business date, the period it measures: given as `readingDate`, or by its older name
 * `periodDate` (both at once must agree). It has begun where the partnership is and lies in the
 * ledger's window; errors name the field the client used. Null when neither is given.
 */
function givenReadingDate(data: Readonly<{ readingDate?: string | null; periodDate?: string | null }>, today: string): string | null {
  const isGiven = (value: string | null | undefined): value is string => value !== null && value !== undefined;
  if (isGiven(data.readingDate) && isGiven(data.periodDate) && data.readingDate !== data.periodDate) {
    throw new ValidationError('readingDate', 'sameAsPeriodDate', 'readingDate and periodDate (its older name) differ; give readingDate only');
  }
  const [field, value] = isGiven(data.readingDate) ? ['readingDate', data.readingDate] : ['periodDate', data.periodDate];
  return isGiven(value) ? requireNotAfterToday(field, requireCalendarDate(field, value), today) : null;
}

export const indicatorDecider: Decider<IndicatorCommand, IndicatorEvent, Indicator> = {
  initialState: () => ({ status: 'NotDefined' }),

  decide(command, state) {
    const now = command.metadata.now.toISOString();
    const { type } = command;
    switch (type) {
      case 'DefineIndicator': {
        const { data } = command;
        if (state.status !== 'NotDefined') throw new IllegalStateError(`Indicator ${data.indicatorId} is already defined`);
        const indicatorId = requireUuid('indicatorId', data.indicatorId);
        const commitmentId = requireUuid('commitmentId', data.commitmentId);
        const { commitment, partnership } = data;
        if (!commitment.exists || !commitment.partnershipId) throw new NotFoundError('Commitment', commitmentId, 'commitmentId');
        if (commitment.status && CLOSED_COMMITMENT_STATUSES.includes(commitment.status)) {
          throw new IllegalStateError(`Commitment is ${commitment.status}: a closed commitment takes no new indicators`);
        }
        const name = requireName('name', data.name);
        const unit = requireName('unit', data.unit, UNIT_MAX_LENGTH);
        const direction = requireOneOf('direction', data.direction, INDICATOR_DIRECTIONS);
        const baseline = requireDatedValue('baseline', data.baseline);
        const target = requireDatedValue('target', data.target);
        if (target.date < baseline.date) {
          throw new ValidationError('target.date', 'afterBaseline', 'The target date may not precede the baseline date');
        }
        // A target that does not improve on the baseline is not a target (e.g. HEA tool uptake 30% → 80%).
        const improves = direction === 'HIGHER_IS_BETTER' ? target.value > baseline.value : target.value < baseline.value;
        if (!improves) {
          throw new ValidationError(
            'target.value',
            'direction',
            `The target must be ${direction === 'HIGHER_IS_BETTER' ? 'higher' : 'lower'} than the baseline`,
          );
        }
        if (Math.abs(target.value - baseline.value) < MIN_TARGET_GAP) {
          throw new ValidationError('target.value', 'distinctFromBaseline', `The target must differ from the baseline by at least ${MIN_TARGET_GAP}`);
        }
        const owningOrganisationId = requireUuid('owningOrganisationId', data.owningOrganisationId);
        if (!partnership.organisationIds.includes(owningOrganisationId)) {
          throw new ValidationError('owningOrganisationId', 'partnershipMember', `Organisation ${owningOrganisationId} is not a member of the partnership`);
        }
        return [
          {
            type: 'IndicatorDefined',
            data: {
              indicatorId,
              commitmentId,
              partnershipId: commitment.partnershipId,
              name,
              unit,
              direction,
              baseline,
              target,
              owningOrganisationId,
              definedAt: now,
            },
          },
        ];
      }
      case 'RecordIndicatorReading': {
        const { data } = command;
        const indicator = requireDefined(state, data.indicatorId);
        authorize(command.metadata, indicator);
        const readingId = requireNewReadingId(indicator, data.readingId);
        requireCommitmentOpen(data.commitment);
        const readingDate = givenReadingDate(data, calendarDateIn(data.partnership.timeZone, now));
        if (readingDate === null) throw new ValidationError('readingDate', 'required', 'readingDate, the date of the period the reading measures, is required');
        return [
          {
            type: 'IndicatorReadingRecorded',
            data: {
              indicatorId: indicator.indicatorId,
              readingId,
              value: requireReadingValue(indicator, data.value),
              periodDate: readingDate,
              source: requireName('source', data.source, SOURCE_MAX_LENGTH),
              recordedAt: now,
            },
          },
        ];
      }
      case 'CorrectIndicatorReading': {
        const { data } = command;
        const indicator = requireDefined(state, data.indicatorId);
        authorize(command.metadata, indicator);
        const readingId = requireNewReadingId(indicator, data.correctionId);
        requireCommitmentOpen(data.commitment);
        const correctsReadingId = requireUuid('readingId', data.readingId);
        const corrected = indicator.readings.get(correctsReadingId);
        if (!corrected) throw new NotFoundError('Reading', correctsReadingId, 'readingId');
        // Corrections form a chain: only its newest link may be corrected, so history never forks.
        if (corrected.supersededBy) {
          throw new ValidationError(
            'readingId',
            'current',
            `Reading ${correctsReadingId} is already corrected by ${corrected.supersededBy}; correct that reading instead`,
          );
        }
        return [
          {
            type: 'IndicatorReadingCorrected',
            data: {
              indicatorId: indicator.indicatorId,
              readingId,
              correctsReadingId,
              value: requireReadingValue(indicator, data.value),
              // Only an absent date keeps the corrected one; an empty string is a bad date, not "unchanged".
              periodDate: givenReadingDate(data, calendarDateIn(data.partnership.timeZone, now)) ?? corrected.periodDate,
              source: optionalName('source', data.source, SOURCE_MAX_LENGTH) ?? corrected.source,
              reason: requireLongText('reason', data.reason, REASON_MAX_LENGTH),
              correctedAt: now,
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
      case 'IndicatorDefined': {
        const { data } = event;
        return {
          status: 'Defined',
          indicatorId: data.indicatorId,
          commitmentId: data.commitmentId,
          owningOrganisationId: data.owningOrganisationId,
          direction: data.direction,
          baselineValue: data.baseline.value,
          targetValue: data.target.value,
          readings: GrowOnlyMap.empty(),
        };
      }
      case 'IndicatorReadingRecorded': {
        if (state.status === 'NotDefined') return state;
        const { readingId, value, periodDate, source } = event.data;
        return { ...state, readings: state.readings.with(readingId, { value, periodDate, source, supersededBy: null }) };
      }
      case 'IndicatorReadingCorrected': {
        if (state.status === 'NotDefined') return state;
        const { readingId, correctsReadingId, value, periodDate, source } = event.data;
        const corrected = state.readings.get(correctsReadingId);
        const readings = corrected ? state.readings.with(correctsReadingId, { ...corrected, supersededBy: readingId }) : state.readings;
        return { ...state, readings: readings.with(readingId, { value, periodDate, source, supersededBy: null }) };
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
export const indicatorStream = { decider: indicatorDecider, streamId: indicatorStreamId } as const;
