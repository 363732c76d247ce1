import {
  ALLY_SECTORS,
  accessStream,
  actionStream,
  allyshipPairingStream,
  calendarDateIn,
  commitmentFacts,
  commitmentStream,
  indicatorStream,
  meetingStream,
  organisationStream,
  partnershipFacts,
  partnershipStream,
  OPERATOR,
  type Actor,
  type Command,
  type CommitmentActionFacts,
  type Event,
  type PartnershipFacts,
  type Sector,
  type Stream,
} from '@ledger/domain';
import { SCHEMA_VERSION, STREAM_DOES_NOT_EXIST, type EventStore, type NewEvent } from '@ledger/event-store';
import { EventIds, Random } from './random.js';

/**
 * The national dataset (issue 13): every Integrated Care System and place of a national deployment,
 * written as a real ledger would be. Every event comes from a command decided by its stream's own
 * decider against the state folded so far, and is appended through the store port in batches per
 * stream; nothing is written into read models. Generation is streamed: a handful of commitments are
 * "in flight" at once (their updates interleave in the log, as in life) and each is dropped when done,
 * so memory stays flat however many events are written.
 */

/** The full national figures; `nationalCounts(scale)` scales them. Updates and readings together are 5,000,000. */
export const NATIONAL = {
  systems: 42,
  places: 150,
  organisations: 5_000,
  commitments: 100_000,
  actions: 500_000,
  updates: 4_200_000,
  indicators: 25_000,
  readings: 800_000,
  meetings: 9_600,
  pairings: 2_000,
} as const;

export type NationalCounts = { -readonly [K in keyof typeof NATIONAL]: number };

export function nationalCounts(scale: number): NationalCounts {
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1) {
    throw new RangeError(`--scale must be a number above 0 and at most 1 (1 = the full national dataset); got ${scale}`);
  }
  const counts = Object.fromEntries(Object.entries(NATIONAL).map(([name, full]) => [name, Math.max(1, Math.round(full * scale))])) as NationalCounts;
  // Every commitment has an action and every action a place to be reported from; organisations fill at least one board.
  counts.organisations = Math.max(counts.organisations, 8);
  counts.actions = Math.max(counts.actions, counts.commitments);
  return counts;
}

export type GenerateOptions = Readonly<{
  scale: number;
  seed?: string;
  /** Commitments in flight at once: their streams' appends interleave in the log. */
  inFlight?: number;
  /** Most events in one append (one stream, one transaction). */
  maxBatch?: number;
  onProgress?: (progress: Progress) => void;
}>;

export type Progress = Readonly<{ events: number; expectedEvents: number; commands: number; appends: number }>;

export type GenerateResult = Readonly<{
  counts: NationalCounts;
  commands: number;
  events: number;
  appends: number;
  eventsByType: Readonly<Record<string, number>>;
  /** Streams by kind (the prefix of the stream id), e.g. { action: 5000 }. */
  streamsByKind: Readonly<Record<string, number>>;
  /** The most updates any one action holds: the long-stream tail. */
  longestActionUpdates: number;
}>;

/** What one append writes: events for one stream, at the revision the generator knows it has. */
type Batch = { streamId: string; events: NewEvent[]; expectedRevision: bigint | typeof STREAM_DOES_NOT_EXIST };

const START = Date.UTC(2021, 3, 1); // 2021-04-01
const END = Date.UTC(2026, 9, 30); // 2026-10-30, before the machine's "today"
const DAY = 86_400_000;
const SPAN_DAYS = Math.floor((END - START) / DAY);
const TIME_ZONE = 'Europe/London';
/** Noon UTC is the same calendar date in London, so a command's "today" is the day it is dated. */
const noon = (day: number) => new Date(START + day * DAY + 12 * 3_600_000);
const dateOf = (day: number) => calendarDateIn(TIME_ZONE, noon(day));

const SECTORS: readonly Sector[] = ['HEALTH', 'HEALTH', 'LOCAL_GOVERNMENT', 'PUBLIC_SERVICES', 'VCSE', 'VCSE', 'VCSE', 'COMMUNITY', 'BUSINESS'];
const ORGANISATION_KINDS: Record<Sector, readonly string[]> = {
  HEALTH: ['NHS Foundation Trust', 'Community Healthcare NHS Trust', 'Primary Care Network', 'GP Federation', 'Mental Health NHS Trust', 'Ambulance Service NHS Trust'],
  LOCAL_GOVERNMENT: ['City Council', 'County Council', 'Borough Council', 'District Council', 'Public Health team'],
  PUBLIC_SERVICES: ['Police', 'Fire and Rescue Service', 'University', 'College', 'Probation Service', 'Housing Association'],
  VCSE: ['Voluntary Action', 'Community Trust', 'Carers Centre', 'Food Bank', 'Age UK', 'Mind', 'Citizens Advice'],
  COMMUNITY: ['Healthwatch', 'Residents Association', 'Communities of Interest Network', 'Faith Forum'],
  BUSINESS: ['Chamber of Commerce', 'Enterprise Partnership', 'Social Enterprise'],
};
const PLACE_NAMES = ['Northfield', 'Eastbrook', 'Westmere', 'Southwold', 'Ashby', 'Kingsholm', 'Marlow Vale', 'Harcourt', 'Elmstead', 'Brackley', 'Dunmore', 'Fenwick', 'Glenridge', 'Hartwell', 'Ivybridge', 'Juniper Fields', 'Kestrel Moor', 'Larkhill', 'Millbrook', 'Norbury', 'Oakhurst', 'Penrose', 'Queensbury', 'Redcliffe', 'Stanmore', 'Thornbury', 'Upton', 'Valebridge', 'Whitcombe', 'Yardley'];
const PRIORITY_TITLES = [
  'Health inequalities are everyone’s business',
  'Population health management and prevention',
  'Act on the wider determinants of health',
  'Parity of esteem between mental and physical health',
  'Partners act as anchor institutions',
  'Proportionate universalism',
  'Draw on community assets and strengths',
  'Health and equity in all policies',
  'Act at key points of the life course',
  'Best start in life',
  'Healthy ageing',
  'Good work and fair employment',
];
const COMMITMENT_TOPICS = ['childhood obesity', 'smoking in pregnancy', 'hypertension detection', 'winter fuel poverty', 'social isolation in older people', 'mental health crisis response', 'school readiness', 'alcohol-related admissions', 'uptake of NHS Health Checks', 'cancer screening in deprived wards', 'digital inclusion', 'healthy homes', 'employment for people with learning disabilities', 'suicide prevention', 'air quality near schools', 'access to green space', 'carers’ breaks', 'vaccination uptake'];
const ACTION_VERBS = ['Commission', 'Pilot', 'Map', 'Train frontline staff in', 'Co-produce a plan for', 'Evaluate', 'Extend', 'Publish data on', 'Recruit champions for', 'Embed'];
const HAPPENED = ['Workshop held with partners; findings circulated.', 'Recruitment complete; service live in two wards.', 'Data sharing agreement signed by all parties.', 'Delayed by winter pressures; revised plan agreed.', 'First cohort completed; evaluation under way.', 'Funding confirmed for a further year.', 'Engagement sessions held with community groups.'];
const MORE_TO_DO = ['Extend to the remaining wards.', 'Report outcomes to the board.', 'Agree sustainable funding.', null, null];
const INDICATORS = [
  { name: 'Percentage of adults who smoke', unit: '%', direction: 'LOWER_IS_BETTER', baseline: 18, target: 12 },
  { name: 'Uptake of NHS Health Checks', unit: '%', direction: 'HIGHER_IS_BETTER', baseline: 30, target: 60 },
  { name: 'Children overweight at reception', unit: '%', direction: 'LOWER_IS_BETTER', baseline: 23, target: 18 },
  { name: 'Emergency admissions for falls (per 100,000)', unit: 'per 100,000', direction: 'LOWER_IS_BETTER', baseline: 2100, target: 1800 },
  { name: 'People in contact with mental health services who are employed', unit: '%', direction: 'HIGHER_IS_BETTER', baseline: 8, target: 15 },
] as const;
const ROLE_TITLES = ['Chair', 'Director of Public Health', 'Chief Executive', 'Director of Adult Social Care', 'Healthwatch Chair', 'VCSE Representative', 'Clinical Lead', 'Executive Member for Health'];

/** A command as the generator builds it; the clock and actor are added when it is decided. */
type CommandInput<C extends Command> = C extends Command ? Omit<C, 'metadata'> : never;

type Tracked<S> = { streamId: string; state: S; revision: number };

type Partnership = {
  id: string;
  facts: PartnershipFacts;
  memberIds: string[];
  organisations: string[];
  /** Share of the country's activity this partnership holds: a few hold most of it. */
  weight: number;
  secretariat: Actor;
};

/** Splits `total` into `weights.length` whole counts in proportion, each at least `floor`, summing exactly to total. */
function apportion(total: number, weights: ArrayLike<number>, floor = 0): Uint32Array {
  const n = weights.length;
  const counts = new Uint32Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i]!;
  const spare = Math.max(0, total - floor * n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    counts[i] = floor + Math.floor((spare * weights[i]!) / sum);
    given += counts[i]!;
  }
  // What flooring leaves over goes one each from the first, so the totals are exact.
  for (let i = 0; given < total; i = (i + 1) % n) counts[i]!++, given++;
  return counts;
}

export async function generateNationalDataset(store: EventStore, options: GenerateOptions): Promise<GenerateResult> {
  const counts = nationalCounts(options.scale);
  const random = new Random(options.seed ?? 'national-dataset');
  const eventIds = new EventIds(random);
  const maxBatch = options.maxBatch ?? 500;
  const inFlight = options.inFlight ?? 16;
  const eventsByType: Record<string, number> = {};
  const streamsByKind: Record<string, number> = {};
  let commands = 0;
  let events = 0;
  let appends = 0;
  let longestActionUpdates = 0;
  const expectedEvents =
    2 + counts.organisations * 2 + (counts.systems + counts.places) * 1 + counts.commitments * 2 + counts.actions + counts.updates + counts.indicators + counts.readings + counts.meetings * 4 + counts.pairings * 7;

  // Every actor acts under a grant recorded in the ledger, as the API would require: the operator grants the
  // platform administrator, who grants each partnership's secretariat and each organisation's partner.
  const operator: Actor = { personId: random.uuid(), grantId: null, role: OPERATOR, organisationId: null };
  const platformAdmin: Actor = { personId: random.uuid(), grantId: random.uuid(), role: 'PLATFORM_ADMIN', organisationId: null };

  function track<C extends Command, E extends Event, S>(stream: Stream<C, E, S>, id: string): Tracked<S> {
    const streamId = stream.streamId(id);
    const kind = streamId.slice(0, streamId.length - id.length - 1);
    streamsByKind[kind] = (streamsByKind[kind] ?? 0) + 1;
    return { streamId, state: stream.decider.initialState(), revision: -1 };
  }

  /** Decides `command` on the tracked stream's state, folds the events in and returns them, ready to append. */
  function decide<C extends Command, E extends Event, S>(
    stream: Stream<C, E, S>,
    tracked: Tracked<S>,
    command: CommandInput<C>,
    day: number,
    actor: Actor,
  ): NewEvent[] {
    const decided = stream.decider.decide({ ...command, metadata: { now: noon(day), actor } } as unknown as C, tracked.state);
    if (decided.length === 0) throw new Error(`${command.type} on ${tracked.streamId} decided no events: the generator asked for nothing`);
    commands++;
    const causationId = random.uuid();
    return decided.map((event) => {
      tracked.state = stream.decider.evolve(tracked.state, event);
      tracked.revision++;
      eventsByType[event.type] = (eventsByType[event.type] ?? 0) + 1;
      return { id: eventIds.next(), type: event.type, data: event.data, metadata: { actor, correlationId: causationId, causationId, schemaVersion: SCHEMA_VERSION } };
    });
  }

  /** A batch of everything decided on `tracked` since its last batch was taken (`from` = its revision then). */
  const batch = (tracked: Tracked<unknown>, from: number, decided: NewEvent[]): Batch => ({
    streamId: tracked.streamId,
    events: decided,
    expectedRevision: from < 0 ? STREAM_DOES_NOT_EXIST : BigInt(from),
  });

  async function append({ streamId, events: batchEvents, expectedRevision }: Batch) {
    for (let i = 0; i < batchEvents.length; i += maxBatch) {
      const chunk = batchEvents.slice(i, i + maxBatch);
      const expected = i === 0 ? expectedRevision : BigInt((expectedRevision === STREAM_DOES_NOT_EXIST ? -1 : Number(expectedRevision)) + i);
      await store.appendToStream(streamId, chunk, { expectedRevision: expected });
      appends++;
      events += chunk.length;
      if (appends % 200 === 0) options.onProgress?.({ events, expectedEvents, commands, appends });
    }
  }

  /** Runs units of work `inFlight` at a time, one batch from each in turn, so their streams interleave in the log. */
  async function interleave(units: Iterator<Iterator<Batch>>) {
    const active: Iterator<Batch>[] = [];
    let exhausted = false;
    for (;;) {
      while (!exhausted && active.length < inFlight) {
        const next = units.next();
        if (next.done) exhausted = true;
        else active.push(next.value);
      }
      if (active.length === 0) return;
      for (let i = 0; i < active.length; ) {
        const step = active[i]!.next();
        if (step.done) active.splice(i, 1);
        else await append(step.value), i++;
      }
    }
  }

  /** Records `actor`'s grant on their access stream, granted by `by`; the scope must already exist. */
  async function grant(actor: Actor, scope: { partnershipId?: string; organisationId?: string }, by: Actor) {
    const tracked = track(accessStream, actor.personId);
    const command = { type: 'GrantRole', data: { grantId: actor.grantId!, personId: actor.personId, role: actor.role, ...scope, reason: 'National dataset', scopeExists: true } } as const;
    await append(batch(tracked, -1, decide(accessStream, tracked, command, 0, by)));
  }
  await grant(platformAdmin, {}, operator);
  await grant({ personId: random.uuid(), grantId: random.uuid(), role: 'AUDITOR', organisationId: null }, {}, platformAdmin);

  // Organisations: registered before anything else, each on its own stream, each with a partner who reports for it.
  const organisations: { id: string; sector: Sector }[] = [];
  const sectorOf = new Map<string, Sector>();
  const partnerOf = new Map<string, Actor>();
  for (let i = 0; i < counts.organisations; i++) {
    const id = random.uuid();
    const sector = random.pick(SECTORS);
    const name = `${random.pick(PLACE_NAMES)} ${random.pick(ORGANISATION_KINDS[sector])} ${i + 1}`;
    const tracked = track(organisationStream, id);
    await append(batch(tracked, -1, decide(organisationStream, tracked, { type: 'RegisterOrganisation', data: { organisationId: id, name, sector } }, 0, platformAdmin)));
    organisations.push({ id, sector });
    sectorOf.set(id, sector);
    const partner: Actor = { personId: random.uuid(), grantId: random.uuid(), role: 'PARTNER', organisationId: id };
    await grant(partner, { organisationId: id }, platformAdmin);
    partnerOf.set(id, partner);
  }

  // Systems, then places beneath them; each has members from its system's organisations, priorities and a board.
  const partnerships: Partnership[] = [];
  const systemOrganisations: string[][] = Array.from({ length: counts.systems }, () => []);
  organisations.forEach(({ id }, index) => systemOrganisations[index % counts.systems]!.push(id));
  const systems: Partnership[] = [];
  const formPartnership = async (name: string, level: 'SYSTEM' | 'PLACE', parent: Partnership | null, members: string[], rank: number) => {
    const id = random.uuid();
    const tracked = track(partnershipStream, id);
    const secretariat: Actor = { personId: random.uuid(), grantId: random.uuid(), role: 'SECRETARIAT', organisationId: null };
    await append(
      batch(tracked, -1, decide(partnershipStream, tracked, { type: 'FormPartnership', data: { partnershipId: id, name, level, parentPartnershipId: parent?.id ?? null, parentIsFormed: parent !== null, timeZone: TIME_ZONE } }, 0, platformAdmin)),
    );
    await grant(secretariat, { partnershipId: id }, platformAdmin);
    const decided: NewEvent[] = [];
    for (const organisationId of members) {
      decided.push(...decide(partnershipStream, tracked, { type: 'JoinPartnership', data: { partnershipId: id, organisationId, organisationIsRegistered: true } }, 1, secretariat));
    }
    for (const [index, title] of random.sample(PRIORITY_TITLES, random.int(4, 10)).entries()) {
      decided.push(...decide(partnershipStream, tracked, { type: 'AdoptPriority', data: { partnershipId: id, priorityId: random.uuid(), code: `P${index + 1}`, title } }, 2, secretariat));
    }
    const memberIds: string[] = [];
    for (const organisationId of random.sample(members, random.int(8, 20))) {
      const memberId = random.uuid();
      memberIds.push(memberId);
      decided.push(...decide(partnershipStream, tracked, { type: 'AppointMember', data: { partnershipId: id, memberId, personId: random.uuid(), organisationId, roleTitle: random.pick(ROLE_TITLES) } }, 3, secretariat));
    }
    await append(batch(tracked, 0, decided));
    // Zipf-like: the 1st partnership holds far more than the 100th, as a few large systems do.
    const partnership: Partnership = { id, facts: partnershipFacts(tracked.state), memberIds, organisations: members, weight: 1 / rank ** 1.1, secretariat };
    partnerships.push(partnership);
    return partnership;
  };
  const ranks = random.sample(
    Array.from({ length: counts.systems + counts.places }, (_, i) => i + 1),
    counts.systems + counts.places,
  );
  for (let s = 0; s < counts.systems; s++) {
    systems.push(await formPartnership(`${PLACE_NAMES[s % PLACE_NAMES.length]} Integrated Care System ${s + 1}`, 'SYSTEM', null, systemOrganisations[s]!, ranks[s]!));
  }
  for (let p = 0; p < counts.places; p++) {
    const system = systems[p % counts.systems]!;
    const pool = systemOrganisations[p % counts.systems]!;
    const members = random.sample(pool, Math.max(4, Math.min(pool.length, random.int(10, 40))));
    await formPartnership(`${random.pick(PLACE_NAMES)} Health and Wellbeing Board ${p + 1}`, 'PLACE', system, members, ranks[counts.systems + p]!);
  }

  // Who holds what: commitments by partnership weight; actions, updates and readings heavy-tailed.
  const commitmentPartnership = new Uint32Array(counts.commitments);
  {
    const perPartnership = apportion(counts.commitments, partnerships.map((p) => p.weight));
    let c = 0;
    perPartnership.forEach((n, p) => commitmentPartnership.fill(p, c, (c += n)));
    // Shuffle so the log mixes partnerships, as a national deployment would.
    for (let i = commitmentPartnership.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [commitmentPartnership[i], commitmentPartnership[j]] = [commitmentPartnership[j]!, commitmentPartnership[i]!];
    }
  }
  const actionsPerCommitment = apportion(counts.actions, Float64Array.from({ length: counts.commitments }, () => random.pareto(1.6, 12)), 1);
  // Some actions have thousands of updates (a weekly programme over years, reported daily); most have a handful.
  const updatesPerAction = apportion(counts.updates, Float64Array.from({ length: counts.actions }, () => random.pareto(1.15, 1_200)));
  const hasIndicator = new Uint8Array(counts.commitments);
  for (const c of random.sample(Array.from({ length: counts.commitments }, (_, i) => i), counts.indicators)) hasIndicator[c] = 1;
  const readingsPerIndicator = apportion(counts.readings, Float64Array.from({ length: counts.indicators }, () => random.pareto(1.5, 40)));

  let actionIndex = 0;
  let indicatorIndex = 0;

  function* commitmentUnit(c: number): Iterator<Batch> {
    const partnership = partnerships[commitmentPartnership[c]!]!;
    const { facts, secretariat } = partnership;
    // Made in order through the first three years, so the log follows business time roughly.
    const madeDay = 4 + Math.floor((c / counts.commitments) * SPAN_DAYS * 0.6);
    const commitmentId = random.uuid();
    const commitment = track(commitmentStream, commitmentId);
    const owner = random.pick(partnership.organisations);
    const topic = random.pick(COMMITMENT_TOPICS);
    const contributors = random.sample(partnership.organisations, 3).filter((id) => id !== owner);
    const made = decide(
      commitmentStream,
      commitment,
      {
        type: 'MakeCommitment',
        data: {
          commitmentId,
          partnershipId: partnership.id,
          owningOrganisationId: owner,
          contributingOrganisationIds: contributors,
          title: `Reduce inequality in ${topic} (${c + 1})`,
          description: `The partnership commits to narrowing the gap in ${topic} between the most and least deprived neighbourhoods.`,
          priorityIds: random.sample(facts.activePriorityIds, random.int(1, 3)),
          targetDate: dateOf(Math.min(SPAN_DAYS + 400, madeDay + random.int(365, 1500))),
          sourceReference: `Joint Health and Wellbeing Strategy, section ${random.int(1, 12)}`,
          partnership: facts,
        },
      },
      madeDay,
      secretariat,
    );
    made.push(...decide(commitmentStream, commitment, { type: 'EndorseCommitment', data: { commitmentId, endorsedOn: dateOf(madeDay), partnership: facts } }, madeDay, secretariat));
    yield batch(commitment, -1, made);
    const active = commitmentFacts(commitment.state);

    if (hasIndicator[c]) {
      const shape = random.pick(INDICATORS);
      const indicatorId = random.uuid();
      const indicator = track(indicatorStream, indicatorId);
      const decided = decide(
        indicatorStream,
        indicator,
        {
          type: 'DefineIndicator',
          data: {
            indicatorId,
            commitmentId,
            name: shape.name,
            unit: shape.unit,
            direction: shape.direction,
            baseline: { value: shape.baseline, date: dateOf(madeDay) },
            target: { value: shape.target, date: dateOf(madeDay + 1095) },
            owningOrganisationId: owner,
            commitment: active,
            partnership: facts,
          },
        },
        madeDay,
        secretariat,
      );
      const readings = readingsPerIndicator[indicatorIndex++]!;
      let from = -1;
      for (let r = 0; r < readings; r++) {
        const day = madeDay + Math.floor(((r + 1) * (SPAN_DAYS - madeDay)) / (readings + 1));
        const value = Math.round((shape.baseline + ((shape.target - shape.baseline) * r) / Math.max(1, readings) + (random.next() - 0.5) * 2) * 10) / 10;
        decided.push(
          ...decide(indicatorStream, indicator, { type: 'RecordIndicatorReading', data: { indicatorId, readingId: random.uuid(), value, readingDate: dateOf(day), source: 'Public Health Outcomes Framework', commitment: active, partnership: facts } }, day, secretariat),
        );
        if (decided.length >= 100) yield batch(indicator, from, decided.splice(0)), (from = indicator.revision);
      }
      if (decided.length) yield batch(indicator, from, decided);
    }

    const actionFacts: CommitmentActionFacts[] = [];
    let lastDay = madeDay;
    for (let a = actionsPerCommitment[c]!; a > 0; a--) {
      const actionId = random.uuid();
      const action = track(actionStream, actionId);
      const plannedDay = madeDay + random.int(0, 60);
      const byPartnership = random.chance(0.1);
      const owningOrganisationId = byPartnership ? null : random.pick(partnership.organisations);
      const title = `${random.pick(ACTION_VERBS)} ${topic}`;
      const decided = decide(
        actionStream,
        action,
        {
          type: 'PlanAction',
          data: {
            actionId,
            commitmentId,
            owningOrganisationId,
            owningPartnershipId: byPartnership ? partnership.id : null,
            reportsTo: byPartnership ? 'System Executive' : null,
            title,
            dueDate: dateOf(plannedDay + random.int(90, 900)),
            leadMemberId: partnership.memberIds.length && random.chance(0.5) ? random.pick(partnership.memberIds) : null,
            commitment: active,
            partnership: facts,
          },
        },
        plannedDay,
        secretariat,
      );
      // A partner reports on its own organisation's actions; the secretariat on the partnership's.
      const reporter: Actor = owningOrganisationId ? partnerOf.get(owningOrganisationId)! : secretariat;
      const updates = updatesPerAction[actionIndex++]!;
      longestActionUpdates = Math.max(longestActionUpdates, updates);
      const completes = updates > 0 && random.chance(0.4);
      let from = -1;
      let status = 'NOT_STARTED';
      for (let u = 0; u < updates; u++) {
        const day = plannedDay + Math.floor(((u + 1) * (SPAN_DAYS - plannedDay)) / (updates + 1));
        const last = u === updates - 1;
        status = last && completes ? 'COMPLETED' : random.pick(['ON_TRACK', 'ON_TRACK', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK']);
        decided.push(
          ...decide(
            actionStream,
            action,
            {
              type: 'SubmitActionUpdate',
              data: {
                actionId,
                updateId: random.uuid(),
                status,
                percentComplete: status === 'COMPLETED' ? 100 : Math.min(99, Math.floor((100 * (u + 1)) / (updates + 1))),
                whatHasHappened: random.pick(HAPPENED),
                whatMoreIsToBeDone: random.pick(MORE_TO_DO),
                evidenceLinks: random.chance(0.1) ? [`https://example.org/evidence/${actionId}/${u}`] : [],
                commitment: active,
                partnership: facts,
              },
            },
            day,
            reporter,
          ),
        );
        lastDay = Math.max(lastDay, day);
        if (decided.length >= 100) yield batch(action, from, decided.splice(0)), (from = action.revision);
      }
      if (decided.length) yield batch(action, from, decided);
      actionFacts.push({ actionId, title, status: updates > 0 ? (status as never) : 'NOT_STARTED' });
    }

    // Every action done and no indicator still measuring: the board closes it as achieved.
    if (!hasIndicator[c] && actionFacts.every((action) => action.status === 'COMPLETED')) {
      const from = commitment.revision;
      yield batch(
        commitment,
        from,
        decide(commitmentStream, commitment, { type: 'CloseCommitment', data: { commitmentId, outcome: 'ACHIEVED', reason: 'Every action completed', actions: actionFacts } }, lastDay, secretariat),
      );
    }
  }

  function* meetingUnit(m: number, partnership: Partnership): Iterator<Batch> {
    const { facts, secretariat } = partnership;
    const day = Math.min(SPAN_DAYS, Math.floor((m / counts.meetings) * SPAN_DAYS) + 7);
    const meetingId = random.uuid();
    const meeting = track(meetingStream, meetingId);
    const format = random.pick(['IN_PERSON', 'ONLINE', 'HYBRID'] as const);
    const decided = decide(
      meetingStream,
      meeting,
      {
        type: 'ScheduleMeeting',
        data: {
          meetingId,
          partnershipId: partnership.id,
          date: dateOf(day),
          startTime: random.pick(['09:30', '14:00', '17:30']),
          format,
          place: format === 'ONLINE' ? null : 'Council House, Committee Room 1',
          link: format === 'IN_PERSON' ? null : `https://meet.example.org/${meetingId}`,
          title: 'Board meeting',
          partnership: facts,
        },
      },
      Math.max(4, day - 14),
      secretariat,
    );
    if (partnership.memberIds.length) {
      const attendance = partnership.memberIds.map((memberId) => ({ memberId, presence: random.chance(0.8) ? 'PRESENT' : 'APOLOGIES' }));
      decided.push(...decide(meetingStream, meeting, { type: 'RecordAttendance', data: { meetingId, attendance, partnership: facts } }, day, secretariat));
      // The board notes progress reports: the minutes a history or as-of view walks.
      for (const [index, topic] of random.sample(COMMITMENT_TOPICS, 2).entries()) {
        decided.push(
          ...decide(
            meetingStream,
            meeting,
            {
              type: 'RecordMinuteItem',
              data: {
                meetingId,
                number: `${index + 1}`,
                title: `Progress on ${topic}`,
                presenter: { memberId: random.pick(partnership.memberIds) },
                visibility: 'PUBLIC',
                text: `The board received the quarterly report on ${topic} and discussed the actions at risk.`,
                resolution: { kind: 'NOTE' },
                partnership: facts,
              },
            },
            day,
            secretariat,
          ),
        );
      }
    }
    yield batch(meeting, -1, decided);
  }

  /** A board member paired with an ally from a VCSE or community organisation (another sector needs its reason), checking in over a year. */
  function* pairingUnit(n: number, partnership: Partnership): Iterator<Batch> {
    const { facts, secretariat } = partnership;
    const proposedDay = Math.min(SPAN_DAYS - 450, Math.floor((n / counts.pairings) * SPAN_DAYS * 0.8) + 30);
    const pairingId = random.uuid();
    const pairing = track(allyshipPairingStream, pairingId);
    const allyOrganisationId = random.pick(partnership.organisations);
    const allyOrganisationSector = sectorOf.get(allyOrganisationId)!;
    const decided = decide(
      allyshipPairingStream,
      pairing,
      {
        type: 'ProposeAllyshipPairing',
        data: {
          pairingId,
          partnershipId: partnership.id,
          boardMemberId: random.pick(partnership.memberIds),
          ally: { personId: random.uuid(), organisationId: allyOrganisationId },
          sectorException: ALLY_SECTORS.includes(allyOrganisationSector) ? null : { reason: 'The community group this ally speaks for has no VCSE body in the place' },
          focus: `Lived experience of ${random.pick(COMMITMENT_TOPICS)}`,
          partnership: facts,
          allyOrganisationSector,
          openPairingOfSamePeople: null,
          commitments: {},
        },
      },
      proposedDay,
      secretariat,
    );
    const move = { pairingId, partnership: facts };
    decided.push(...decide(allyshipPairingStream, pairing, { type: 'ActivateAllyshipPairing', data: { ...move, reason: 'Both agreed terms of reference', activatedOn: dateOf(proposedDay + 14) } }, proposedDay + 14, secretariat));
    for (let k = 1; k <= 4; k++) {
      const day = proposedDay + 14 + k * 84;
      decided.push(
        ...decide(
          allyshipPairingStream,
          pairing,
          {
            type: 'LogAllyshipCheckIn',
            data: { pairingId, checkInId: random.uuid(), heldOn: dateOf(day), summary: random.pick(HAPPENED), loggedBy: 'SECRETARIAT', partnership: facts, commitments: {}, actions: {} },
          },
          day,
          secretariat,
        ),
      );
    }
    const ended = proposedDay + 14 + 5 * 84;
    decided.push(...decide(allyshipPairingStream, pairing, { type: 'EndAllyshipPairing', data: { ...move, reason: 'The year agreed is over', endedOn: dateOf(ended) } }, ended, secretariat));
    yield batch(pairing, -1, decided);
  }

  function* allUnits(): Iterator<Iterator<Batch>> {
    // Meetings and pairings are spread through the commitments in proportion, so each lands among its peers in business time.
    let meeting = 0;
    let pairing = 0;
    for (let c = 0; c < counts.commitments; c++) {
      yield commitmentUnit(c);
      while (meeting < counts.meetings && meeting / counts.meetings <= (c + 1) / counts.commitments) {
        const partnership = partnerships[commitmentPartnership[(meeting * 7919) % counts.commitments]!]!;
        yield meetingUnit(meeting++, partnership);
      }
      while (pairing < counts.pairings && pairing / counts.pairings <= (c + 1) / counts.commitments) {
        const partnership = partnerships[commitmentPartnership[(pairing * 104729) % counts.commitments]!]!;
        if (partnership.memberIds.length === 0) throw new Error(`Partnership ${partnership.id} has no board member to pair`);
        yield pairingUnit(pairing++, partnership);
      }
    }
  }
  await interleave(allUnits());

  options.onProgress?.({ events, expectedEvents, commands, appends });
  return { counts, commands, events, appends, eventsByType, streamsByKind, longestActionUpdates };
}
