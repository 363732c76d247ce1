import { describe, it, expect } from '@jest/globals';
import { DeciderSpecification } from '../testing/decider-specification.js';
import type { Actor } from '../shared/actor.js';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import type { CommitmentFacts } from '../actions/action.events.js';
import { INDICATOR_VALUE_LIMIT, indicatorDecider, MIN_TARGET_GAP } from './indicator.js';
import type {
  CorrectIndicatorReading,
  DefineIndicator,
  IndicatorDefined,
  IndicatorEvent,
  IndicatorReadingCorrected,
  IndicatorReadingRecorded,
  RecordIndicatorReading,
} from './indicator.events.js';
import { progressFromBaseline } from './indicator.events.js';

const spec = DeciderSpecification.for(indicatorDecider);
const definedAt = new Date('2021-03-25T10:00:00.000Z');
const now = new Date('2021-11-05T09:00:00.000Z');

const llr = '0190a1b2-0000-7000-8000-000000000002';
const commitmentId = '0190a1b2-0000-7000-8000-0000000000a7';
const indicatorId = '0190a1b2-0000-7000-8000-0000000000f1';
const council = '0190a1b2-0000-7000-8000-0000000000c1';
const hospitals = '0190a1b2-0000-7000-8000-0000000000c2';
const outsider = '0190a1b2-0000-7000-8000-0000000000c9';
const septemberReading = '0190a1b2-0000-7000-8000-000000000091';
const septemberCorrection = '0190a1b2-0000-7000-8000-000000000092';
const secondCorrection = '0190a1b2-0000-7000-8000-000000000093';
const unknownReading = '0190a1b2-0000-7000-8000-000000000099';

const secretariat: Actor = { personId: 'secretariat-1', grantId: 'grant-s', role: 'SECRETARIAT', organisationId: null };
const councilPartner: Actor = { personId: 'partner-council', grantId: 'grant-c', role: 'PARTNER', organisationId: council };
const hospitalsPartner: Actor = { personId: 'partner-uhl', grantId: 'grant-h', role: 'PARTNER', organisationId: hospitals };

const activeCommitment: CommitmentFacts = { exists: true, status: 'ACTIVE', partnershipId: llr };
const partnership: PartnershipFacts = { formed: true, parentPartnershipId: null, timeZone: 'Europe/London', organisationIds: [council, hospitals], memberIds: [], activePriorityIds: [] };

const define = (data: Partial<DefineIndicator['data']> = {}): DefineIndicator => ({
  type: 'DefineIndicator',
  data: {
    indicatorId,
    commitmentId,
    name: 'Uptake of the standard HEA tool',
    unit: 'percent',
    direction: 'HIGHER_IS_BETTER',
    baseline: { value: 30, date: '2021-03-31' },
    target: { value: 80, date: '2021-10-30' },
    owningOrganisationId: council,
    commitment: activeCommitment,
    partnership,
    ...data,
  },
  metadata: { now: definedAt, actor: secretariat },
});
const defined: IndicatorDefined = {
  type: 'IndicatorDefined',
  data: {
    indicatorId,
    commitmentId,
    partnershipId: llr,
    name: 'Uptake of the standard HEA tool',
    unit: 'percent',
    direction: 'HIGHER_IS_BETTER',
    baseline: { value: 30, date: '2021-03-31' },
    target: { value: 80, date: '2021-10-30' },
    owningOrganisationId: council,
    definedAt: definedAt.toISOString(),
  },
};

const record = (data: Partial<RecordIndicatorReading['data']> = {}, actor: Actor = councilPartner): RecordIndicatorReading => ({
  type: 'RecordIndicatorReading',
  data: { indicatorId, readingId: septemberReading, value: 55, periodDate: '2021-09-30', source: 'Project planning returns', commitment: activeCommitment, partnership, ...data },
  metadata: { now, actor },
});
const recorded: IndicatorReadingRecorded = {
  type: 'IndicatorReadingRecorded',
  data: { indicatorId, readingId: septemberReading, value: 55, periodDate: '2021-09-30', source: 'Project planning returns', recordedAt: now.toISOString() },
};

const correct = (data: Partial<CorrectIndicatorReading['data']> = {}, actor: Actor = councilPartner): CorrectIndicatorReading => ({
  type: 'CorrectIndicatorReading',
  data: {
    indicatorId,
    correctionId: septemberCorrection,
    readingId: septemberReading,
    value: 58,
    reason: 'Two late returns included',
    commitment: activeCommitment,
    partnership,
    ...data,
  },
  metadata: { now, actor },
});
const corrected: IndicatorReadingCorrected = {
  type: 'IndicatorReadingCorrected',
  data: {
    indicatorId,
    readingId: septemberCorrection,
    correctsReadingId: septemberReading,
    value: 58,
    periodDate: '2021-09-30',
    source: 'Project planning returns',
    reason: 'Two late returns included',
    correctedAt: now.toISOString(),
  },
};

const expectField = (field: string, rule: string) => (error: ValidationError) => {
  expect(error.field).toBe(field);
  expect(error.rule).toBe(rule);
};
const expectIndicatorNotFound = (error: NotFoundError) =>
  expect([error.entity, error.id, error.field]).toEqual(['Indicator', indicatorId, 'indicatorId']);

describe('defining an indicator', () => {
  it('defines an indicator whose target improves on its baseline, trimming its name and unit', () =>
    spec
      .given([])
      .when(define({ name: ' Uptake of the standard HEA tool ', unit: ' percent ' }))
      .then([defined]));

  it('defines an indicator where lower is better', () => {
    // Northamptonshire: male life expectancy gap between the most and least deprived quintiles, 6.6 years (2015-17).
    const gap = {
      name: 'Male life expectancy gap, most vs least deprived quintile',
      unit: 'years',
      direction: 'LOWER_IS_BETTER',
      baseline: { value: 6.6, date: '2017-12-31' },
      target: { value: 5.5, date: '2024-03-31' },
    } as const;
    spec
      .given([])
      .when(define(gap))
      .then([{ ...defined, data: { ...defined.data, ...gap } }]);
  });

  it('accepts an indicator for a commitment still awaiting endorsement', () =>
    spec
      .given([])
      .when(define({ commitment: { ...activeCommitment, status: 'PROPOSED' } }))
      .then([defined]));

  it('refuses defining the same indicator twice', () => spec.given([defined]).when(define()).thenThrows(IllegalStateError));

  it('refuses an indicator id that is not a UUID', () =>
    spec.given([]).when(define({ indicatorId: 'hea-uptake' })).thenThrows(ValidationError, expectField('indicatorId', 'isUuid')));

  it('refuses a commitment that does not exist', () =>
    spec
      .given([])
      .when(define({ commitment: { exists: false, status: null, partnershipId: null } }))
      .thenThrows(NotFoundError, (error) => expect([error.entity, error.id, error.field]).toEqual(['Commitment', commitmentId, 'commitmentId'])));

  it('refuses a closed commitment', () =>
    spec
      .given([])
      .when(define({ commitment: { ...activeCommitment, status: 'WITHDRAWN' } }))
      .thenThrows(IllegalStateError));

  it('refuses a blank name', () => spec.given([]).when(define({ name: '' })).thenThrows(ValidationError, expectField('name', 'notEmpty')));

  it('refuses a name longer than 200 characters', () =>
    spec.given([]).when(define({ name: 'x'.repeat(201) })).thenThrows(ValidationError, expectField('name', 'maxLength')));

  it('refuses a blank unit', () => spec.given([]).when(define({ unit: ' ' })).thenThrows(ValidationError, expectField('unit', 'notEmpty')));

  it('refuses a unit longer than 50 characters', () =>
    spec.given([]).when(define({ unit: 'x'.repeat(51) })).thenThrows(ValidationError, expectField('unit', 'maxLength')));

  it('refuses an unknown direction', () =>
    spec.given([]).when(define({ direction: 'UP' })).thenThrows(ValidationError, expectField('direction', 'isEnum')));

  it('refuses a baseline value that is not a finite number', () =>
    spec
      .given([])
      .when(define({ baseline: { value: Number.NaN, date: '2021-03-31' } }))
      .thenThrows(ValidationError, expectField('baseline.value', 'finite')));

  it('refuses a baseline date that is not a calendar date', () =>
    spec
      .given([])
      .when(define({ baseline: { value: 30, date: 'March 2021' } }))
      .thenThrows(ValidationError, expectField('baseline.date', 'isDate')));

  it('refuses a target value that is not a finite number', () =>
    spec
      .given([])
      .when(define({ target: { value: Number.POSITIVE_INFINITY, date: '2021-10-30' } }))
      .thenThrows(ValidationError, expectField('target.value', 'finite')));

  it('refuses a target date that is not a calendar date', () =>
    spec
      .given([])
      .when(define({ target: { value: 80, date: '2021-10-32' } }))
      .thenThrows(ValidationError, expectField('target.date', 'isDate')));

  it('refuses a target dated before the baseline', () =>
    spec
      .given([])
      .when(define({ target: { value: 80, date: '2021-03-30' } }))
      .thenThrows(ValidationError, expectField('target.date', 'afterBaseline')));

  it('accepts a target dated on the baseline date', () =>
    spec
      .given([])
      .when(define({ target: { value: 80, date: '2021-03-31' } }))
      .then([{ ...defined, data: { ...defined.data, target: { value: 80, date: '2021-03-31' } } }]));

  it('refuses a target no higher than the baseline when higher is better', () =>
    spec
      .given([])
      .when(define({ target: { value: 30, date: '2021-10-30' } }))
      .thenThrows(ValidationError, expectField('target.value', 'direction')));

  it('refuses a target no lower than the baseline when lower is better', () =>
    spec
      .given([])
      .when(define({ direction: 'LOWER_IS_BETTER' }))
      .thenThrows(ValidationError, expectField('target.value', 'direction')));

  it('refuses an owner that is not a member of the partnership', () =>
    spec
      .given([])
      .when(define({ owningOrganisationId: outsider }))
      .thenThrows(ValidationError, expectField('owningOrganisationId', 'partnershipMember')));
});

describe('recording a reading', () => {
  it("lets the owning partner record a reading, trimming its source", () =>
    spec.given([defined]).when(record({ source: '  Project planning returns ' })).then([recorded]));

  it('lets the secretariat record a reading for any organisation', () =>
    spec.given([defined]).when(record({}, secretariat)).then([recorded]));

  it('refuses an indicator that was never defined', () => spec.given([]).when(record()).thenThrows(NotFoundError, expectIndicatorNotFound));

  it("refuses a partner recording on another organisation's indicator", () =>
    spec.given([defined]).when(record({ value: Number.NaN }, hospitalsPartner)).thenThrows(ForbiddenError));

  it('refuses a reading id already used on this indicator', () =>
    spec.given([defined, recorded]).when(record({ value: 56 })).thenThrows(IllegalStateError));

  it('refuses a reading id that is not a UUID', () =>
    spec.given([defined]).when(record({ readingId: 'sept-2021' })).thenThrows(ValidationError, expectField('readingId', 'isUuid')));

  it('refuses a value that is not a finite number', () =>
    spec.given([defined]).when(record({ value: Number.NaN })).thenThrows(ValidationError, expectField('value', 'finite')));

  it('refuses a period date that is not a calendar date', () =>
    spec.given([defined]).when(record({ periodDate: '2021-09' })).thenThrows(ValidationError, expectField('periodDate', 'isDate')));

  it('refuses a blank source', () => spec.given([defined]).when(record({ source: ' ' })).thenThrows(ValidationError, expectField('source', 'notEmpty')));

  it('refuses a source longer than 200 characters', () =>
    spec.given([defined]).when(record({ source: 'x'.repeat(201) })).thenThrows(ValidationError, expectField('source', 'maxLength')));
});

describe('correcting a reading', () => {
  it("keeps the corrected reading's period and source unless given", () =>
    spec.given([defined, recorded]).when(correct({ periodDate: null, source: '  ' })).then([corrected]));

  it('refuses an empty period instead of keeping the corrected one (found by the fuzz test)', () =>
    spec.given([defined, recorded]).when(correct({ periodDate: '' })).thenThrows(ValidationError, expectField('periodDate', 'isDate')));

  it('can correct the period and source too', () =>
    spec
      .given([defined, recorded])
      .when(correct({ periodDate: '2021-09-01', source: ' System Executive tracker ' }))
      .then([{ ...corrected, data: { ...corrected.data, periodDate: '2021-09-01', source: 'System Executive tracker' } }]));

  it('corrects the newest correction', () =>
    spec
      .given([defined, recorded, corrected])
      .when(correct({ correctionId: secondCorrection, readingId: septemberCorrection, value: 57 }))
      .then([{ ...corrected, data: { ...corrected.data, readingId: secondCorrection, correctsReadingId: septemberCorrection, value: 57 } }]));

  it('refuses correcting a reading that is already corrected', () =>
    spec
      .given([defined, recorded, corrected])
      .when(correct({ correctionId: secondCorrection }))
      .thenThrows(ValidationError, expectField('readingId', 'current')));

  it('refuses correcting a reading that does not exist', () =>
    spec
      .given([defined, recorded])
      .when(correct({ readingId: unknownReading }))
      .thenThrows(NotFoundError, (error) => expect([error.entity, error.id, error.field]).toEqual(['Reading', unknownReading, 'readingId'])));

  it('refuses an indicator that was never defined', () => spec.given([]).when(correct()).thenThrows(NotFoundError, expectIndicatorNotFound));

  it("refuses a partner correcting another organisation's reading", () =>
    spec.given([defined, recorded]).when(correct({}, hospitalsPartner)).thenThrows(ForbiddenError));

  it('refuses a reading id already used on this indicator', () =>
    spec.given([defined, recorded]).when(correct({ correctionId: septemberReading })).thenThrows(IllegalStateError));

  it('refuses a value that is not a finite number', () =>
    spec.given([defined, recorded]).when(correct({ value: Number.NEGATIVE_INFINITY })).thenThrows(ValidationError, expectField('value', 'finite')));

  it('refuses a period date that is not a calendar date', () =>
    spec.given([defined, recorded]).when(correct({ periodDate: '30/09/2021' })).thenThrows(ValidationError, expectField('periodDate', 'isDate')));

  it('refuses a blank reason', () =>
    spec.given([defined, recorded]).when(correct({ reason: '' })).thenThrows(ValidationError, expectField('reason', 'notEmpty')));

  it('refuses a reason longer than 1000 characters', () =>
    spec.given([defined, recorded]).when(correct({ reason: 'x'.repeat(1001) })).thenThrows(ValidationError, expectField('reason', 'maxLength')));

  it('keeps the corrected reading in history, marked as superseded', () => {
    const events: IndicatorEvent[] = [defined, recorded, corrected];
    const state = events.reduce(indicatorDecider.evolve, indicatorDecider.initialState());
    expect(state.status === 'Defined' && Object.fromEntries(state.readings)).toEqual({
      [septemberReading]: { value: 55, periodDate: '2021-09-30', source: 'Project planning returns', supersededBy: septemberCorrection },
      [septemberCorrection]: { value: 58, periodDate: '2021-09-30', source: 'Project planning returns', supersededBy: null },
    });
  });
});

describe("a closed commitment's indicators", () => {
  for (const status of ['ACHIEVED', 'MISSED', 'WITHDRAWN'] as const) {
    const commitment: CommitmentFacts = { ...activeCommitment, status };

    it(`refuses a reading once the commitment is ${status}`, () =>
      spec
        .given([defined])
        .when(record({ commitment }))
        .thenThrows(IllegalStateError, (error) => expect(error.message).toBe(`The indicator's commitment is ${status}: its indicators take no more readings or corrections`)));

    it(`refuses a correction once the commitment is ${status}`, () =>
      spec.given([defined, recorded]).when(correct({ commitment })).thenThrows(IllegalStateError));
  }
});

describe('numbers an indicator can always show', () => {
  it('refuses a target so close to the baseline that progress would overflow (baseline 0, target 5e-324)', () =>
    spec
      .given([])
      .when(define({ baseline: { value: 0, date: '2021-03-31' }, target: { value: 5e-324, date: '2021-10-30' } }))
      .thenThrows(ValidationError, expectField('target.value', 'distinctFromBaseline')));

  it('refuses a baseline beyond a trillion', () =>
    spec.given([]).when(define({ baseline: { value: -1.5e12, date: '2021-03-31' } })).thenThrows(ValidationError, expectField('baseline.value', 'range')));

  it('refuses a target beyond a trillion', () =>
    spec.given([]).when(define({ target: { value: Number.MAX_VALUE, date: '2021-10-30' } })).thenThrows(ValidationError, expectField('target.value', 'range')));

  it('refuses a reading beyond a trillion', () =>
    spec.given([defined]).when(record({ value: 1e12 + 1 })).thenThrows(ValidationError, expectField('value', 'range')));

  it('accepts a trillion', () =>
    spec.given([defined]).when(record({ value: 1e12 })).then([{ ...recorded, data: { ...recorded.data, value: 1e12 } }]));

  it('gives a finite progress for every value it accepts, at the narrowest target it accepts', () => {
    const extremes = [-INDICATOR_VALUE_LIMIT, -5e-324, 0, 5e-324, INDICATOR_VALUE_LIMIT];
    for (const baseline of extremes) {
      for (const target of [baseline + MIN_TARGET_GAP, baseline - MIN_TARGET_GAP, INDICATOR_VALUE_LIMIT, -INDICATOR_VALUE_LIMIT]) {
        if (Math.abs(target - baseline) < MIN_TARGET_GAP || Math.abs(target) > INDICATOR_VALUE_LIMIT) continue;
        for (const value of extremes) expect(Number.isFinite(progressFromBaseline(value, baseline, target))).toBe(true);
      }
    }
  });

  it('refuses a reading whose progress would not be finite on a definition recorded before the rule', () => {
    const degenerate: IndicatorDefined = { ...defined, data: { ...defined.data, baseline: { value: 0, date: '2021-03-31' }, target: { value: 5e-324, date: '2021-10-30' } } };
    spec.given([degenerate]).when(record({ value: 1 })).thenThrows(ValidationError, expectField('value', 'finiteProgress'));
  });
});

describe('reading periods', () => {
  // 00:30 on 1 July in London (BST) is still 30 June in UTC.
  const halfPastMidnightBst = new Date('2026-06-30T23:30:00.000Z');
  const recordAt = (periodDate: string, facts: PartnershipFacts = partnership): RecordIndicatorReading => ({
    ...record({ periodDate, partnership: facts }),
    metadata: { now: halfPastMidnightBst, actor: councilPartner },
  });

  it("accepts a period ending on the partnership's today", () =>
    spec
      .given([defined])
      .when(recordAt('2026-07-01'))
      .then([{ ...recorded, data: { ...recorded.data, periodDate: '2026-07-01', recordedAt: halfPastMidnightBst.toISOString() } }]));

  it('refuses a period that has not begun where the partnership is', () =>
    spec.given([defined]).when(recordAt('2026-07-01', { ...partnership, timeZone: 'UTC' })).thenThrows(ValidationError, expectField('periodDate', 'notInFuture')));

  it('refuses a reading dated 9999-12-31', () =>
    spec.given([defined]).when(record({ periodDate: '9999-12-31' })).thenThrows(ValidationError, expectField('periodDate', 'dateRange')));

  it('refuses a reading dated before 1900', () =>
    spec.given([defined]).when(record({ periodDate: '1899-12-31' })).thenThrows(ValidationError, expectField('periodDate', 'dateRange')));

  it('refuses a correction moving the period into the future', () =>
    spec.given([defined, recorded]).when(correct({ periodDate: '2021-11-06' })).thenThrows(ValidationError, expectField('periodDate', 'notInFuture')));
});

describe('the reading date', () => {
  it('records readingDate as the period the reading measures', () =>
    spec.given([defined]).when(record({ periodDate: undefined, readingDate: '2021-09-30' })).then([recorded]));

  it('accepts both names when they agree', () =>
    spec.given([defined]).when(record({ periodDate: '2021-09-30', readingDate: '2021-09-30' })).then([recorded]));

  it('refuses both names with different dates', () =>
    spec.given([defined]).when(record({ periodDate: '2021-09-30', readingDate: '2021-06-30' })).thenThrows(ValidationError, expectField('readingDate', 'sameAsPeriodDate')));

  it('refuses a reading without a date', () =>
    spec.given([defined]).when(record({ periodDate: undefined })).thenThrows(ValidationError, expectField('readingDate', 'required')));

  it('names readingDate in its errors when that is the name given', () =>
    spec.given([defined]).when(record({ periodDate: null, readingDate: '2021-11-06' })).thenThrows(ValidationError, expectField('readingDate', 'notInFuture')));

  it('corrects a reading’s date given as readingDate', () =>
    spec
      .given([defined, recorded])
      .when(correct({ readingDate: '2021-09-01' }))
      .then([{ ...corrected, data: { ...corrected.data, periodDate: '2021-09-01' } }]));
});

describe('text in indicators', () => {
  it('keeps any script in a name, and emoji', () =>
    spec
      .given([])
      .when(define({ name: 'صحت کی مساوات 📈' }))
      .then([{ ...defined, data: { ...defined.data, name: 'صحت کی مساوات 📈' } }]));

  it('refuses a unit holding a NUL', () =>
    spec.given([]).when(define({ unit: 'per\u0000cent' })).thenThrows(ValidationError, expectField('unit', 'noControlCharacters')));

  it('refuses a source with half of a surrogate pair', () =>
    spec.given([defined]).when(record({ source: 'Returns \ud83d' })).thenThrows(ValidationError, expectField('source', 'wellFormed')));
});
