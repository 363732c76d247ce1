import { describe, it } from '@jest/globals';
import { actionStreamId, type ActionPlanned } from '@ledger/domain';
import { inStream, ProjectionSpecification } from '../testing/index.js';
import { actionExternalIdsProjection } from './action-external-ids.projection.js';
import { ActionExternalIdsQueries } from './action-external-ids.queries.js';

const [llr, leeds] = ['0190a1b2-0000-7000-8000-000000000001', '0190a1b2-0000-7000-8000-000000000002'];

const planned = (actionId: string, partnershipId: string, externalId?: string): ActionPlanned => ({
  type: 'ActionPlanned',
  data: {
    actionId,
    commitmentId: '0190a1b2-0000-7000-8000-0000000000c1',
    partnershipId,
    owningOrganisationId: '0190a1b2-0000-7000-8000-0000000000o1',
    title: `Action ${actionId}`,
    dueDate: '2021-10-30',
    leadMemberId: null,
    planId: null,
    plannedAt: '2021-11-01T09:00:00.000Z',
    ...(externalId ? { externalId } : {}),
  },
});
const given = (...events: ActionPlanned[]) => events.flatMap((event) => inStream(actionStreamId(event.data.actionId), event));

describe('action external ids read model', () => {
  const spec = ProjectionSpecification.for(actionExternalIdsProjection);

  it('keeps each partnership’s spreadsheet ids apart, skips actions without one, and keeps the first action given an id twice', async () => {
    await spec
      .given(given(planned('a1', llr, 'LLR-7a'), planned('a2', leeds, 'LLR-7a'), planned('a3', llr), planned('a4', llr, 'LLR-7a')))
      .then((db) => {
        const queries = new ActionExternalIdsQueries(db);
        return [[...queries.actionIdsOf(llr, ['LLR-7a', 'LLR-8'])], [...queries.actionIdsOf(leeds, ['LLR-7a'])], [...queries.externalIdsOf(['a1', 'a2', 'a3', 'a4'])]];
      }, [[['LLR-7a', 'a1']], [['LLR-7a', 'a2']], [['a1', 'LLR-7a'], ['a2', 'LLR-7a']]]);
  });
});
