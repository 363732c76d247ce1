import { describe, it, expect } from '@jest/globals';
import { DeciderSpecification } from '../testing/decider-specification.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { partnershipDecider, partnershipFacts, type PartnershipEvent } from './partnership.js';
import { DEFAULT_PUBLICATION_SETTINGS } from '../publication/publication.events.js';

const spec = DeciderSpecification.for(partnershipDecider);
const now = new Date('2021-03-25T10:00:00.000Z');
const metadata = { now };
const leicester = '0190a1b2-0000-7000-8000-000000000001';
const llr = '0190a1b2-0000-7000-8000-000000000002';
const council = '0190a1b2-0000-7000-8000-0000000000c1';
const trust = '0190a1b2-0000-7000-8000-0000000000c2';
const member = '0190a1b2-0000-7000-8000-0000000000d1';
const person = '0190a1b2-0000-7000-8000-0000000000e1';

const formed: PartnershipEvent = {
  type: 'PartnershipFormed',
  data: { partnershipId: leicester, name: 'Leicester City Health and Wellbeing Board', level: 'PLACE', parentPartnershipId: null, timeZone: 'Europe/London', formedAt: now.toISOString() },
};
const councilJoined: PartnershipEvent = {
  type: 'OrganisationJoinedPartnership',
  data: { partnershipId: leicester, organisationId: council, joinedAt: now.toISOString() },
};

const expectField = (field: string, rule: string) => (error: ValidationError) => {
  expect(error.field).toBe(field);
  expect(error.rule).toBe(rule);
};

describe('forming a partnership', () => {
  it('forms a place partnership under its system partnership, trimming the name', () =>
    spec
      .given([])
      .when({
        type: 'FormPartnership',
        data: { partnershipId: leicester, name: '  Leicester City Health and Wellbeing Board ', level: 'PLACE', parentPartnershipId: llr, parentIsFormed: true, timeZone: 'Europe/London' },
        metadata,
      })
      .then([{ ...formed, data: { ...formed.data, parentPartnershipId: llr } }]));

  it('refuses a blank name', () =>
    spec
      .given([])
      .when({ type: 'FormPartnership', data: { partnershipId: leicester, name: '   ', level: 'PLACE', timeZone: 'Europe/London' }, metadata })
      .thenThrows(ValidationError, expectField('name', 'notEmpty')));

  it('refuses a name longer than 200 characters', () =>
    spec
      .given([])
      .when({ type: 'FormPartnership', data: { partnershipId: leicester, name: 'x'.repeat(201), level: 'PLACE', timeZone: 'Europe/London' }, metadata })
      .thenThrows(ValidationError, expectField('name', 'maxLength')));

  it('refuses an unknown level', () =>
    spec
      .given([])
      .when({ type: 'FormPartnership', data: { partnershipId: leicester, name: 'Board', level: 'REGION', timeZone: 'Europe/London' }, metadata })
      .thenThrows(ValidationError, expectField('level', 'isEnum')));

  it('refuses a parent that has not been formed', () =>
    spec
      .given([])
      .when({ type: 'FormPartnership', data: { partnershipId: leicester, name: 'Board', level: 'PLACE', parentPartnershipId: llr, parentIsFormed: false, timeZone: 'Europe/London' }, metadata })
      .thenThrows(ValidationError, expectField('parentPartnershipId', 'exists')));

  it('refuses to form the same partnership twice', () =>
    spec
      .given([formed])
      .when({ type: 'FormPartnership', data: { partnershipId: leicester, name: 'Board', level: 'PLACE', timeZone: 'Europe/London' }, metadata })
      .thenThrows(IllegalStateError));
});

describe('organisations joining', () => {
  it('lets a registered organisation join', () =>
    spec
      .given([formed])
      .when({ type: 'JoinPartnership', data: { partnershipId: leicester, organisationId: council, organisationIsRegistered: true }, metadata })
      .then([councilJoined]));

  it('refuses the same organisation joining twice', () =>
    spec
      .given([formed, councilJoined])
      .when({ type: 'JoinPartnership', data: { partnershipId: leicester, organisationId: council, organisationIsRegistered: true }, metadata })
      .thenThrows(ValidationError, expectField('organisationId', 'notAlreadyJoined')));

  it('refuses an organisation that is not registered', () =>
    spec
      .given([formed])
      .when({ type: 'JoinPartnership', data: { partnershipId: leicester, organisationId: trust, organisationIsRegistered: false }, metadata })
      .thenThrows(ValidationError, expectField('organisationId', 'exists')));

  it('refuses a partnership that was never formed', () =>
    spec
      .given([])
      .when({ type: 'JoinPartnership', data: { partnershipId: leicester, organisationId: council, organisationIsRegistered: true }, metadata })
      .thenThrows(NotFoundError));
});

describe('appointing board members', () => {
  const appoint = (organisationId: string, roleTitle = 'Director Public Health') =>
    ({ type: 'AppointMember', data: { partnershipId: leicester, memberId: member, personId: person, organisationId, roleTitle }, metadata }) as const;

  it('appoints a member from a partner organisation, recording only the person id', () =>
    spec
      .given([formed, councilJoined])
      .when(appoint(council))
      .then([
        {
          type: 'MemberAppointed',
          data: { partnershipId: leicester, memberId: member, personId: person, organisationId: council, roleTitle: 'Director Public Health', appointedAt: now.toISOString() },
        },
      ]));

  it('refuses a member whose organisation has not joined', () =>
    spec.given([formed, councilJoined]).when(appoint(trust)).thenThrows(ValidationError, expectField('organisationId', 'joinedPartnership')));

  it('refuses a blank role title', () =>
    spec.given([formed, councilJoined]).when(appoint(council, ' ')).thenThrows(ValidationError, expectField('roleTitle', 'notEmpty')));
});

describe('adopting and retiring priorities', () => {
  // LLR framework principle 7: "use qualitative and quantitative data and evidence".
  const principle7 = '0190a1b2-0000-7000-8000-0000000000f7';
  const principle11 = '0190a1b2-0000-7000-8000-0000000000fb';
  const adopt = (data: Partial<{ priorityId: string; code: string; title: string; description: string | null }> = {}) =>
    ({
      type: 'AdoptPriority',
      data: { partnershipId: leicester, priorityId: principle7, code: 'P7', title: 'Use qualitative and quantitative data and evidence', ...data },
      metadata,
    }) as const;
  const adopted: PartnershipEvent = {
    type: 'PriorityAdopted',
    data: {
      partnershipId: leicester,
      priorityId: principle7,
      code: 'P7',
      title: 'Use qualitative and quantitative data and evidence',
      description: null,
      adoptedAt: now.toISOString(),
    },
  };
  const retired: PartnershipEvent = {
    type: 'PriorityRetired',
    data: { partnershipId: leicester, priorityId: principle7, reason: null, retiredAt: now.toISOString() },
  };
  const retire = (priorityId = principle7, reason?: string) =>
    ({ type: 'RetirePriority', data: { partnershipId: leicester, priorityId, reason }, metadata }) as const;

  it('adopts a framework principle, trimming its code, title and description', () =>
    spec
      .given([formed])
      .when(adopt({ code: ' P7 ', title: ' Use qualitative and quantitative data and evidence ', description: '  Health equity dashboards with benchmarked baselines ' }))
      .then([{ ...adopted, data: { ...adopted.data, description: 'Health equity dashboards with benchmarked baselines' } }]));

  it('records a blank description as none', () => spec.given([formed]).when(adopt({ description: '   ' })).then([adopted]));

  it('refuses a partnership that was never formed', () =>
    spec.given([]).when(adopt()).thenThrows(NotFoundError, (error) => expect([error.entity, error.field]).toEqual(['Partnership', 'partnershipId'])));

  it('refuses a blank code', () => spec.given([formed]).when(adopt({ code: ' ' })).thenThrows(ValidationError, expectField('code', 'notEmpty')));

  it('refuses a code longer than 20 characters', () =>
    spec.given([formed]).when(adopt({ code: 'P'.repeat(21) })).thenThrows(ValidationError, expectField('code', 'maxLength')));

  it('refuses a blank title', () => spec.given([formed]).when(adopt({ title: '' })).thenThrows(ValidationError, expectField('title', 'notEmpty')));

  it('refuses a title longer than 200 characters', () =>
    spec.given([formed]).when(adopt({ title: 'x'.repeat(201) })).thenThrows(ValidationError, expectField('title', 'maxLength')));

  it('refuses a description longer than 4000 characters', () =>
    spec.given([formed]).when(adopt({ description: 'x'.repeat(4001) })).thenThrows(ValidationError, expectField('description', 'maxLength')));

  it('refuses a priority id that is not a UUID', () =>
    spec.given([formed]).when(adopt({ priorityId: 'principle-7' })).thenThrows(ValidationError, expectField('priorityId', 'isUuid')));

  it('refuses a code already used by an active priority, ignoring case', () =>
    spec
      .given([formed, adopted])
      .when(adopt({ priorityId: principle11, code: 'p7', title: 'System accountability, place governance by HWBs' }))
      .thenThrows(ValidationError, expectField('code', 'unique')));

  it('lets a retired priority\'s code be used again', () =>
    spec
      .given([formed, adopted, retired])
      .when(adopt({ priorityId: principle11, title: 'System accountability, place governance by HWBs' }))
      .then([{ ...adopted, data: { ...adopted.data, priorityId: principle11, title: 'System accountability, place governance by HWBs' } }]));

  it('refuses adopting the same priority twice', () =>
    spec.given([formed, adopted]).when(adopt({ code: 'P7-bis' })).thenThrows(IllegalStateError));

  it('retires a priority with a trimmed reason', () =>
    spec
      .given([formed, adopted])
      .when(retire(principle7, '  Superseded by framework v11 '))
      .then([{ ...retired, data: { ...retired.data, reason: 'Superseded by framework v11' } }]));

  it('refuses retiring an unknown priority', () =>
    spec
      .given([formed, adopted])
      .when(retire(principle11))
      .thenThrows(NotFoundError, (error) => expect([error.entity, error.id, error.field]).toEqual(['Priority', principle11, 'priorityId'])));

  it('refuses retiring a priority twice', () => spec.given([formed, adopted, retired]).when(retire()).thenThrows(IllegalStateError));

  it('refuses a reason longer than 1000 characters', () =>
    spec.given([formed, adopted]).when(retire(principle7, 'x'.repeat(1001))).thenThrows(ValidationError, expectField('reason', 'maxLength')));

  it('gives other streams the members and only the active priorities', () => {
    const memberAppointed: PartnershipEvent = {
      type: 'MemberAppointed',
      data: { partnershipId: leicester, memberId: member, personId: person, organisationId: council, roleTitle: 'Director Public Health', appointedAt: now.toISOString() },
    };
    const principle11Adopted: PartnershipEvent = { ...adopted, data: { ...adopted.data, priorityId: principle11, code: 'P11' } };
    const state = [formed, councilJoined, memberAppointed, adopted, principle11Adopted, retired].reduce(
      partnershipDecider.evolve,
      partnershipDecider.initialState(),
    );
    expect(partnershipFacts(state)).toEqual({ formed: true, parentPartnershipId: null, timeZone: 'Europe/London', organisationIds: [council], memberIds: [member], activePriorityIds: [principle11], dissolvedOn: null, publication: DEFAULT_PUBLICATION_SETTINGS });
    expect(partnershipFacts(partnershipDecider.initialState())).toEqual({ formed: false, parentPartnershipId: null, timeZone: 'Europe/London', organisationIds: [], memberIds: [], activePriorityIds: [], dissolvedOn: null, publication: DEFAULT_PUBLICATION_SETTINGS });
  });
});

describe("a partnership's time zone", () => {
  const form = (timeZone: string) =>
    ({ type: 'FormPartnership', data: { partnershipId: leicester, name: 'Leicester City Health and Wellbeing Board', level: 'PLACE', timeZone }, metadata }) as const;

  it('records the time zone in its canonical spelling', () =>
    spec.given([]).when(form('europe/london')).then([formed]));

  it('accepts any IANA time zone', () =>
    spec.given([]).when(form('Asia/Karachi')).then([{ ...formed, data: { ...formed.data, timeZone: 'Asia/Karachi' } }]));

  for (const bad of ['Mars/Olympus_Mons', '+01:00', 'BST ', '', 'Europe/London\u0000']) {
    it(`refuses ${JSON.stringify(bad)}`, () => spec.given([]).when(form(bad)).thenThrows(ValidationError, expectField('timeZone', 'timeZone')));
  }

  it('gives the time zone to other streams as a fact', () => {
    const state = [{ ...formed, data: { ...formed.data, timeZone: 'UTC' } }].reduce(partnershipDecider.evolve, partnershipDecider.initialState());
    expect(partnershipFacts(state).timeZone).toBe('UTC');
  });

  it('reads a partnership formed before time zones as Europe/London', () => {
    const { timeZone: _absent, ...older } = (formed as Extract<PartnershipEvent, { type: 'PartnershipFormed' }>).data;
    const state = [{ type: 'PartnershipFormed', data: older } as PartnershipEvent].reduce(partnershipDecider.evolve, partnershipDecider.initialState());
    expect(partnershipFacts(state).timeZone).toBe('Europe/London');
  });
});

describe('names in every script', () => {
  const form = (name: string) =>
    ({ type: 'FormPartnership', data: { partnershipId: leicester, name, level: 'PLACE', timeZone: 'Europe/London' }, metadata }) as const;

  for (const name of ['Bwrdd Iechyd Prifysgol Betsi Cadwaladr – Llesiant ŵyr a ŷd', 'لیسٹر صحت اور بہبود بورڈ', '莱斯特健康与福利委员会', 'Leicester 🏥 Wellbeing 👩🏽‍⚕️']) {
    it(`keeps ${name}`, () => spec.given([]).when(form(name)).then([{ ...formed, data: { ...formed.data, name } }]));
  }

  for (const [what, name, rule] of [
    ['a NUL', 'Leicester\u0000Board', 'noControlCharacters'],
    ['an escape', '\u001b[2JLeicester', 'noControlCharacters'],
    ['a bell', 'Leicester\u0007', 'noControlCharacters'],
    ['a C1 control', 'Leicester\u0085Board', 'noControlCharacters'],
    ['only zero-width spaces', '\u200b\u200b', 'visible'],
    ['only a byte-order mark and a joiner', '\ufeff\u200d', 'visible'],
    ['only Hangul fillers', '\u3164\u3164', 'visible'],
    ['a lone high surrogate', 'Leicester \ud83c', 'wellFormed'],
    ['a lone low surrogate', '\udfe5 Leicester', 'wellFormed'],
  ] as const) {
    it(`refuses a name with ${what}`, () => spec.given([]).when(form(name)).thenThrows(ValidationError, expectField('name', rule)));
  }
});

describe('changing the board view settings', () => {
  const change = (data: Record<string, unknown>) => ({ type: 'ChangePartnershipSettings' as const, data: { partnershipId: leicester, ...data }, metadata });

  it('records every setting, those left out keeping the defaults', () =>
    spec
      .given([formed])
      .when(change({ amberWithinDays: 7 }))
      .then([
        { type: 'PartnershipSettingsChanged', data: { partnershipId: leicester, amberWithinDays: 7, silentAfterDays: 30, dueSoonDays: 14, changedAt: now.toISOString() } },
      ]));

  it('keeps the settings changed before', () =>
    spec
      .given([formed, { type: 'PartnershipSettingsChanged', data: { partnershipId: leicester, amberWithinDays: 7, silentAfterDays: 60, dueSoonDays: 14, changedAt: now.toISOString() } }])
      .when(change({ dueSoonDays: 28 }))
      .then([
        { type: 'PartnershipSettingsChanged', data: { partnershipId: leicester, amberWithinDays: 7, silentAfterDays: 60, dueSoonDays: 28, changedAt: now.toISOString() } },
      ]));

  it.each([0, 367, 2.5])('refuses %p days, naming the setting', (days) =>
    spec.given([formed]).when(change({ silentAfterDays: days })).thenThrows(ValidationError, expectField('silentAfterDays', 'settingDays')));

  it('refuses settings that change nothing', () =>
    spec.given([formed]).when(change({ amberWithinDays: 14 })).thenThrows(ValidationError, expectField('settings', 'changed')));

  it('refuses a partnership not formed', () => spec.given([]).when(change({ amberWithinDays: 7 })).thenThrows(NotFoundError));
});

describe('corrections to a partnership', () => {
  const seated: PartnershipEvent = {
    type: 'MemberAppointed',
    data: { partnershipId: leicester, memberId: member, personId: person, organisationId: council, roleTitle: 'Director Public Health', appointedAt: now.toISOString() },
  };
  const dissolved: PartnershipEvent = { type: 'PartnershipDissolved', data: { partnershipId: leicester, reason: 'Replaced by the ICB', dissolvedOn: '2021-03-01', dissolvedAt: now.toISOString() } };
  const leave = (openActionCount: number) =>
    ({ type: 'LeavePartnership', data: { partnershipId: leicester, organisationId: council, reason: 'Left the area', openActionCount }, metadata }) as const;

  it('an organisation leaves, and its seats are vacated with it', () =>
    spec
      .given([formed, councilJoined, seated])
      .when(leave(0))
      .then([
        { type: 'MemberVacated', data: { partnershipId: leicester, memberId: member, reason: 'Left the area', vacatedAt: now.toISOString() } },
        { type: 'OrganisationLeftPartnership', data: { partnershipId: leicester, organisationId: council, reason: 'Left the area', leftAt: now.toISOString() } },
      ]));

  it('refuses to let an organisation leave while it owns open actions, saying how many', () =>
    spec.given([formed, councilJoined]).when(leave(3)).thenThrows(IllegalStateError, (error) => expect(error.message).toContain('3 open actions')));

  it('refuses an organisation that is not a member', () =>
    spec.given([formed]).when(leave(0)).thenThrows(ValidationError, expectField('organisationId', 'joinedPartnership')));

  it('an organisation that left may join again', () => {
    const left: PartnershipEvent = { type: 'OrganisationLeftPartnership', data: { partnershipId: leicester, organisationId: council, reason: 'x', leftAt: now.toISOString() } };
    spec
      .given([formed, councilJoined, left])
      .when({ type: 'JoinPartnership', data: { partnershipId: leicester, organisationId: council, organisationIsRegistered: true }, metadata })
      .then([councilJoined]);
  });

  it('vacates a seat, which is no longer on the board', () => {
    const vacated: PartnershipEvent = { type: 'MemberVacated', data: { partnershipId: leicester, memberId: member, reason: 'Retired', vacatedAt: now.toISOString() } };
    spec
      .given([formed, councilJoined, seated])
      .when({ type: 'VacateMember', data: { partnershipId: leicester, memberId: member, reason: 'Retired' }, metadata })
      .then([vacated]);
    const state = [formed, councilJoined, seated, vacated].reduce(partnershipDecider.evolve, partnershipDecider.initialState());
    expect(partnershipFacts(state).memberIds).toEqual([]);
    spec
      .given([formed, councilJoined, seated, vacated])
      .when({ type: 'VacateMember', data: { partnershipId: leicester, memberId: member, reason: 'Again' }, metadata })
      .thenThrows(NotFoundError);
  });

  it('dissolves on a business date, by default today', () => {
    spec
      .given([formed])
      .when({ type: 'DissolvePartnership', data: { partnershipId: leicester, reason: 'Replaced by the ICB', dissolvedOn: '2021-03-01' }, metadata })
      .then([dissolved]);
    spec
      .given([formed])
      .when({ type: 'DissolvePartnership', data: { partnershipId: leicester, reason: 'Replaced by the ICB' }, metadata })
      .then([{ ...dissolved, data: { ...dissolved.data, dissolvedOn: '2021-03-25' } } as PartnershipEvent]);
  });

  it('refuses a dissolution date after today', () =>
    spec
      .given([formed])
      .when({ type: 'DissolvePartnership', data: { partnershipId: leicester, reason: 'x', dissolvedOn: '2021-03-26' }, metadata })
      .thenThrows(ValidationError, expectField('dissolvedOn', 'notInFuture')));

  it('refuses every command once dissolved, and says so in its facts', () => {
    spec
      .given([formed, dissolved])
      .when({ type: 'JoinPartnership', data: { partnershipId: leicester, organisationId: trust, organisationIsRegistered: true }, metadata })
      .thenThrows(IllegalStateError, (error) => expect(error.message).toBe('The partnership was dissolved on 2021-03-01; it is read-only'));
    spec.given([formed, dissolved]).when({ type: 'DissolvePartnership', data: { partnershipId: leicester, reason: 'again' }, metadata }).thenThrows(IllegalStateError);
    const state = [formed, dissolved].reduce(partnershipDecider.evolve, partnershipDecider.initialState());
    expect(partnershipFacts(state).dissolvedOn).toBe('2021-03-01');
  });
});
