import type { ApiProcess } from '../support/api-process.js';
import type { SeedIds } from './context.js';

const ACTION_DUE_DATE = '2021-10-30';

/** Who sets the seed data up; their grants are made in the ledger as it goes. */
export type SeedPeople = Readonly<{
  /** Forms the partnerships and registers the organisations (PLATFORM_ADMIN), and runs each board once `runs` is done. */
  secretariat: string;
  /** Makes `secretariat` the secretariat of a partnership just formed. */
  runs: (partnershipId: string) => Promise<unknown>;
  /** A token of a PARTNER for the organisation. */
  partnerFor: (organisationId: string) => Promise<string>;
}>;

/**
 * Two partnerships with organisations, board members, priorities, commitments (proposed, active,
 * withdrawn), actions, an update, indicators and readings: real targets for the fuzzer's ids.
 */
export async function createSeedData(api: ApiProcess, { secretariat, runs, partnerFor }: SeedPeople): Promise<SeedIds> {
  const write = async (field: string, inputType: string, input: object, selection: string, token = secretariat) => {
    const response = await api.graphql<Record<string, any>>(`mutation($input: ${inputType}!) { ${field}(input: $input) { ${selection} } }`, { input }, token);
    if (response.errors || !response.data?.[field]) throw new Error(`seed ${field} failed: ${JSON.stringify(response.errors)}`);
    return response.data[field];
  };
  const partnership = async (name: string, level: string) => {
    const partnershipId = (await write('formPartnership', 'FormPartnershipInput', { name, level }, 'partnership { id }')).partnership.id as string;
    await runs(partnershipId);
    return partnershipId;
  };
  const organisation = async (partnershipId: string, name: string, sector: string) => {
    const organisationId = (await write('registerOrganisation', 'RegisterOrganisationInput', { name, sector }, 'organisation { id }')).organisation.id as string;
    await write('joinPartnership', 'JoinPartnershipInput', { partnershipId, organisationId }, 'position');
    return organisationId;
  };
  const priority = async (partnershipId: string, code: string) =>
    (await write('adoptPriority', 'AdoptPriorityInput', { partnershipId, code, title: `Principle ${code}` }, 'priority { id }')).priority.id as string;
  const commitment = async (partnershipId: string, owningOrganisationId: string, title: string, endorse: boolean) => {
    const commitmentId = (await write('makeCommitment', 'MakeCommitmentInput', { partnershipId, owningOrganisationId, title, description: `${title}.` }, 'commitment { id }')).commitment.id as string;
    if (endorse) await write('endorseCommitment', 'EndorseCommitmentInput', { commitmentId, endorsedOn: '2021-03-25' }, 'position');
    return commitmentId;
  };
  const plan = async (commitmentId: string, owner: { everyMemberOrganisation: true } | { owningOrganisationId: string }) =>
    (await write('planAction', 'PlanActionInput', { commitmentId, ...owner, title: '7a Standard HEA tool adopted', dueDate: ACTION_DUE_DATE }, 'actions { id owningOrganisation { id } }')).actions as {
      id: string;
      owningOrganisation: { id: string };
    }[];
  const indicator = async (commitmentId: string, owningOrganisationId: string) =>
    (
      await write(
        'defineIndicator',
        'DefineIndicatorInput',
        { commitmentId, owningOrganisationId, name: 'HEA tool uptake', unit: 'percent', direction: 'HIGHER_IS_BETTER', baseline: { value: 30, date: '2021-03-31' }, target: { value: 80, date: '2022-03-31' } },
        'indicator { id }',
      )
    ).indicator.id as string;
  const reading = async (indicatorId: string, token = secretariat) =>
    (await write('recordIndicatorReading', 'RecordIndicatorReadingInput', { indicatorId, value: 45, periodDate: '2021-06-30', source: 'Local audit' }, 'reading { id }', token)).reading.id as string;

  const llr = await partnership('Leicester, Leicestershire and Rutland Health and Care Partnership', 'SYSTEM');
  const organisations = [
    await organisation(llr, 'Leicester City Council', 'LOCAL_GOVERNMENT'),
    await organisation(llr, 'University Hospitals of Leicester NHS Trust', 'HEALTH'),
    await organisation(llr, 'Voluntary Action LeicesterShire', 'VCSE'),
  ];
  const member = (await write('appointMember', 'AppointMemberInput', { partnershipId: llr, organisationId: organisations[0], name: 'Ivan Browne', roleTitle: 'Director Public Health' }, 'member { id }')).member.id as string;
  const p7 = await priority(llr, 'P7');
  const proposedCommitment = await commitment(llr, organisations[0]!, 'Health equity dashboard', false);
  const activeCommitment = await commitment(llr, organisations[0]!, 'Health equity audit at project planning', true);
  const planned = await plan(activeCommitment, { everyMemberOrganisation: true });
  const actions = organisations.map((organisationId) => planned.find((action) => action.owningOrganisation.id === organisationId)!.id);
  const partner = await partnerFor(organisations[0]!);
  const update = (await write('submitActionUpdate', 'SubmitActionUpdateInput', { actionId: actions[0], status: 'ON_TRACK', percentComplete: 40, whatHasHappened: 'Tool adopted by the executive team' }, 'update { id }', partner)).update.id as string;
  const heaIndicator = await indicator(activeCommitment, organisations[0]!);
  const heaReading = await reading(heaIndicator, partner);

  const closedCommitment = await commitment(llr, organisations[0]!, 'Pilot a community health champions scheme', true);
  const [closedAction] = await plan(closedCommitment, { owningOrganisationId: organisations[0]! });
  const closedIndicator = await indicator(closedCommitment, organisations[0]!);
  await write('closeCommitment', 'CloseCommitmentInput', { commitmentId: closedCommitment, outcome: 'WITHDRAWN', reason: 'Funding withdrawn' }, 'position');

  const meeting = (await write('scheduleMeeting', 'ScheduleMeetingInput', { partnershipId: llr, date: '2021-03-25', startTime: '10:00', format: 'IN_PERSON', place: 'City Hall' }, 'meeting { id }')).meeting.id as string;
  // No event after them has a type they subscribe to, so nothing is ever delivered (or replayable).
  const webhook = async () =>
    (await write('registerWebhook', 'RegisterWebhookInput', { partnershipId: llr, url: 'https://example.org/fuzz-hook', eventTypes: ['CHALLENGE_RAISED'] }, 'webhook { id }')).webhook.id as string;
  const liveWebhook = await webhook();
  const removedWebhook = await webhook();
  await write('removeWebhook', 'RemoveWebhookInput', { webhookId: removedWebhook }, 'position');

  const leeds = await partnership('Leeds Health and Wellbeing Board', 'PLACE');
  const leedsOrganisation = await organisation(leeds, 'Leeds City Council', 'LOCAL_GOVERNMENT');
  const leedsPriority = await priority(leeds, 'L1');
  const leedsCommitment = await commitment(leeds, leedsOrganisation, 'Healthy weight strategy', true);
  const [leedsAction] = await plan(leedsCommitment, { owningOrganisationId: leedsOrganisation });
  const leedsIndicator = await indicator(leedsCommitment, leedsOrganisation);
  const leedsReading = await reading(leedsIndicator);

  return {
    partnership: llr,
    organisations,
    member,
    priority: p7,
    proposedCommitment,
    activeCommitment,
    actions,
    actionDueDate: ACTION_DUE_DATE,
    update,
    indicator: heaIndicator,
    reading: heaReading,
    closedCommitment,
    closedAction: closedAction!.id,
    closedIndicator,
    meeting,
    webhook: liveWebhook,
    removedWebhook,
    other: { partnership: leeds, organisation: leedsOrganisation, priority: leedsPriority, commitment: leedsCommitment, action: leedsAction!.id, indicator: leedsIndicator, reading: leedsReading },
  };
}
