import type { Command, Event } from '../shared/decider.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import type { CommitmentFacts } from '../actions/action.events.js';

export const INDICATOR_DIRECTIONS = ['HIGHER_IS_BETTER', 'LOWER_IS_BETTER'] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

export const indicatorStreamId = (indicatorId: string) => `indicator-${indicatorId}`;

/** A value at a date: a baseline, a target. Dates are YYYY-MM-DD. */
export type DatedValue = { value: number; date: string };

/**
 * How far a reading has moved from baseline towards target: 0 at baseline, 1 at target, whichever
 * way is better. The decider only accepts definitions and readings for which this is finite.
 */
export const progressFromBaseline = (value: number, baseline: number, target: number) => (value - baseline) / (target - baseline);

export type IndicatorDefined = Event<
  'IndicatorDefined',
  {
    indicatorId: string;
    commitmentId: string;
    partnershipId: string;
    name: string;
    unit: string;
    direction: IndicatorDirection;
    baseline: DatedValue;
    target: DatedValue;
    owningOrganisationId: string;
    definedAt: string;
  }
>;
export type IndicatorReadingRecorded = Event<
  'IndicatorReadingRecorded',
  { indicatorId: string; readingId: string; value: number; periodDate: string; source: string; recordedAt: string }
>;
/** A reading is never overwritten: a correction is a new reading that supersedes it, with a reason. */
export type IndicatorReadingCorrected = Event<
  'IndicatorReadingCorrected',
  {
    indicatorId: string;
    readingId: string;
    correctsReadingId: string;
    value: number;
    periodDate: string;
    source: string;
    reason: string;
    correctedAt: string;
  }
>;
export type IndicatorEvent = IndicatorDefined | IndicatorReadingRecorded | IndicatorReadingCorrected;

export type DefineIndicator = Command<
  'DefineIndicator',
  {
    indicatorId: string;
    commitmentId: string;
    name: string;
    unit: string;
    direction: string;
    baseline: DatedValue;
    target: DatedValue;
    owningOrganisationId: string;
    commitment: CommitmentFacts;
    partnership: PartnershipFacts;
  }
>;
/** What a reading needs to know beyond its indicator: whether the commitment is still open, and the partnership's "today". */
type ReadingFacts = { commitment: CommitmentFacts; partnership: PartnershipFacts };

export type RecordIndicatorReading = Command<
  'RecordIndicatorReading',
  {
    indicatorId: string;
    readingId: string;
    value: number;
    /** The reading's business date, the period it measures (YYYY-MM-DD); recorded as the event's periodDate. */
    readingDate?: string | null;
    /** The older name of readingDate, still accepted; when both are given they must agree. */
    periodDate?: string | null;
    source: string;
  } & ReadingFacts
>;
/**
 * Named as the API names them: `readingId` is the reading being corrected (errors about it name that
 * field); `correctionId` is the id of the new, correcting reading. Reading date and source default to
 * the corrected reading's.
 */
export type CorrectIndicatorReading = Command<
  'CorrectIndicatorReading',
  {
    indicatorId: string;
    readingId: string;
    correctionId: string;
    value: number;
    readingDate?: string | null;
    /** The older name of readingDate. */
    periodDate?: string | null;
    source?: string | null;
    reason: string;
  } & ReadingFacts
>;
export type IndicatorCommand = DefineIndicator | RecordIndicatorReading | CorrectIndicatorReading;
