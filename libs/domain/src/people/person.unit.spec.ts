import { describe, expect, it } from '@jest/globals';
import { DeciderSpecification } from '../testing/decider-specification.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { personDecider, type ForgetPerson, type PersonForgotten } from './person.js';

const spec = DeciderSpecification.for(personDecider);
const now = new Date('2026-11-24T17:00:00Z');
const personId = '0192e7a0-0000-7000-8000-000000000001';
const forget = (data: Partial<ForgetPerson['data']> = {}): ForgetPerson => ({
  type: 'ForgetPerson',
  data: { personId, reason: 'Erasure request under UK GDPR Art. 17', known: true, ...data },
  metadata: { now },
});
const forgotten: PersonForgotten = { type: 'PersonForgotten', data: { personId, reason: 'Erasure request under UK GDPR Art. 17', forgottenAt: now.toISOString() } };

describe('forgetting a person', () => {
  it('records only the id, the reason and when', () => spec.given([]).when(forget()).then([forgotten]));

  it('refuses a person the personal-data store does not know', () => {
    expect(() => personDecider.decide(forget({ known: false }), personDecider.initialState())).toThrow(NotFoundError);
  });

  it('refuses to forget twice', () => {
    expect(() => personDecider.decide(forget(), personDecider.evolve(personDecider.initialState(), forgotten))).toThrow(IllegalStateError);
  });

  it('refuses a blank reason, naming the field', () => {
    expect(() => personDecider.decide(forget({ reason: ' ' }), personDecider.initialState())).toThrow(ValidationError);
    expect(() => personDecider.decide(forget({ reason: ' ' }), personDecider.initialState())).toThrow(/reason/);
  });
});
