import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { buildSchema, parse, specifiedRules, TypeInfo, validate, ValidationContext, type OperationDefinitionNode } from 'graphql';
import { maxCostRule, operationCost } from './query-limits.js';

const schema = buildSchema(readFileSync('schema.gql', 'utf8'));

/** The cost the rule finds, from its refusal at a limit of 0 (every operation costs at least 1 object). */
function costOf(query: string): number {
  const errors = validate(schema, parse(query), [...specifiedRules, maxCostRule(0)]);
  const refusal = errors.find((error) => error.extensions?.rule === 'maxCost');
  const other = errors.filter((error) => error !== refusal);
  if (other.length > 0) throw new Error(other.map((error) => error.message).join('; '));
  return Number(/found (\d+)/.exec(refusal?.message ?? '')?.[1] ?? 0);
}

const boardPage = (commitments: string, actions: string) => `query($p: ID!) { commitments(partnershipId: $p${commitments}) { totalCount pageInfo { endCursor }
  nodes { id title actions${actions} { totalCount nodes { id title dueDate status rag latestUpdate { reportedOn status } } } } } }`;

describe('the cost of a query: the most objects it may return', () => {
  it('prices a board page by its `first`s, as many objects as it returns', () => {
    // 1 connection + 1 pageInfo + 20 × (commitment + its actions connection + 20 × (action + latest update)).
    expect(costOf(boardPage(', first: 20', '(first: 20)'))).toBe(2 + 20 * (2 + 20 * 2));
    expect(costOf(boardPage(', first: 50', '(first: 50)'))).toBe(2 + 50 * (2 + 50 * 2));
  });

  it('prices a `first` left to its default (50) as the default, and one from a variable as a full page (100)', () => {
    expect(costOf(boardPage('', ''))).toBe(costOf(boardPage(', first: 50', '(first: 50)')));
    const byVariable = boardPage(', first: $n', '(first: $n)').replace('query($p: ID!)', 'query($p: ID!, $n: Int = 1)');
    expect(costOf(byVariable)).toBe(2 + 100 * (2 + 100 * 2));
  });

  it('prices fragments as written in place, and a list with no `first` at 10 items', () => {
    const inline = costOf('query($id: ID!) { dashboard(partnershipId: $id) { commitmentsByStatus { status count } overdueActions(first: 5) { nodes { id } } } }');
    const spread = costOf(`query($id: ID!) { dashboard(partnershipId: $id) { ...D } } fragment D on Dashboard { commitmentsByStatus { status count } overdueActions(first: 5) { nodes { id } } }`);
    expect(spread).toBe(inline);
    expect(inline).toBe(1 + 10 + 1 + 5);
  });

  it('hostile: fragments that spread each other twice over, 12 deep, are each priced once', () => {
    const fragments = Array.from({ length: 12 }, (_, i) => `fragment F${i} on Partnership { id organisations(first: 2) { nodes { id } } ${i < 11 ? `...F${i + 1} ...F${i + 1}` : ''} }`);
    const document = parse(`{ partnership(id: "p") { ...F0 } } ${fragments.join(' ')}`);
    const context = new ValidationContext(schema, document, new TypeInfo(schema), () => undefined);
    let looked = 0;
    const getFragment = context.getFragment.bind(context);
    context.getFragment = (name) => (looked++, getFragment(name));
    expect(operationCost(document.definitions[0] as OperationDefinitionNode, context)).toBeGreaterThan(2 ** 12);
    // Walked once per fragment, not 2^12 times (at 40 deep, that never ended).
    expect(looked).toBe(12);
  });

  it('hostile: nested lists of 100 are priced at their product and refused at the default limit', () => {
    const nested = '{ partnerships(first: 100) { nodes { organisations(first: 100) { nodes { partnerships(first: 100) { nodes { id } } } } } } }';
    expect(costOf(nested)).toBeGreaterThan(1_000_000);
    const errors = validate(schema, parse(nested), [maxCostRule(10_000)]);
    expect(errors.map((error) => [error.extensions?.rule, error.message])).toEqual([
      ['maxCost', 'Query cost limit of 10000 exceeded, found 1020201: each object the query may return costs 1, a list as many as its first'],
    ]);
  });
});
