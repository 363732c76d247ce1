import { describe, it, expect } from '@jest/globals';
import { DeciderSpecification } from '../testing/decider-specification.js';
import { IllegalStateError, ValidationError } from '../shared/errors.js';
import { organisationDecider } from './organisation.js';

const spec = DeciderSpecification.for(organisationDecider);
const metadata = { now: new Date('2021-03-25T10:00:00.000Z') };
const organisationId = '0190a1b2-0000-7000-8000-0000000000c1';

describe('registering an organisation', () => {
  it('registers it with its sector', () =>
    spec
      .given([])
      .when({ type: 'RegisterOrganisation', data: { organisationId, name: ' Leicester City Council ', sector: 'LOCAL_GOVERNMENT' }, metadata })
      .then([
        {
          type: 'OrganisationRegistered',
          data: { organisationId, name: 'Leicester City Council', sector: 'LOCAL_GOVERNMENT', registeredAt: '2021-03-25T10:00:00.000Z' },
        },
      ]));

  it('refuses a sector outside the six', () =>
    spec
      .given([])
      .when({ type: 'RegisterOrganisation', data: { organisationId, name: 'Acme', sector: 'MILITARY' }, metadata })
      .thenThrows(ValidationError, (error) => expect([error.field, error.rule]).toEqual(['sector', 'isEnum'])));

  it('refuses registering twice', () =>
    spec
      .given([{ type: 'OrganisationRegistered', data: { organisationId, name: 'Acme', sector: 'BUSINESS', registeredAt: '2021-01-01T00:00:00.000Z' } }])
      .when({ type: 'RegisterOrganisation', data: { organisationId, name: 'Acme', sector: 'BUSINESS' }, metadata })
      .thenThrows(IllegalStateError));
});
