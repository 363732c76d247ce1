import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  parse,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type OperationDefinitionNode,
} from 'graphql';
import { PROJECTIONS } from '../capabilities.js';
import { payloadReads, READ_MODELS_OF_FIELDS, READ_MODELS_OF_TYPES, readModelsOfType } from './payload-reads.js';

// schema.gql is what the API serves (test/startup.e2e checks it).
const schema = buildSchema(readFileSync('schema.gql', 'utf8'));

/** What the payload of the (first) mutation in `document` reads, as the API's resolver would see it. */
function readsOf(document: string) {
  const parsed = parse(document);
  const operation = parsed.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    parsed.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const fieldNode = operation.selectionSet.selections[0];
  if (fieldNode?.kind !== Kind.FIELD) throw new Error('The document must select a mutation first');
  const returnType = schema.getMutationType()!.getFields()[fieldNode.name.value]!.type;
  return payloadReads({ schema, returnType, fieldNodes: [fieldNode], fragments }).readModels;
}

/** Every object, union and interface type some mutation's payload can reach, field by field. */
function typesReachableFromMutations() {
  const seen = new Map<string, GraphQLNamedType>();
  const queue = Object.values(schema.getMutationType()!.getFields()).map((field) => getNamedType(field.type));
  for (let type = queue.pop(); type; type = queue.pop()) {
    if (seen.has(type.name)) continue;
    if (isAbstractType(type)) queue.push(...schema.getPossibleTypes(type));
    if (!isObjectType(type)) continue;
    seen.set(type.name, type);
    queue.push(...Object.values(type.getFields()).map((field) => getNamedType(field.type)));
  }
  return [...seen.values()];
}

describe('what a mutation payload reads', () => {
  it('is declared for every type a mutation payload can reach', () => {
    const undeclared = typesReachableFromMutations()
      .filter((type) => readModelsOfType(schema, type) === null)
      .map((type) => type.name);
    // Add each to READ_MODELS_OF_TYPES in payload-reads.ts: the read models its rows (or its list) come from.
    expect(undeclared).toEqual([]);
  });

  it('names only read models that exist, and fields that exist', () => {
    const projections = new Set(PROJECTIONS.map((projection) => projection.name));
    const declared = [...Object.values(READ_MODELS_OF_TYPES), ...Object.values(READ_MODELS_OF_FIELDS)].flat();
    expect(declared.filter((name) => !projections.has(name))).toEqual([]);
    const missingFields = Object.keys(READ_MODELS_OF_FIELDS).filter((key) => {
      const [typeName, fieldName] = key.split('.') as [string, string];
      const type = schema.getType(typeName);
      return !isObjectType(type) || !(fieldName in type.getFields());
    });
    expect(missingFields).toEqual([]);
  });

  it('is the read model of the payload’s own fields when nothing below them is selected', () => {
    expect(readsOf('mutation { submitActionUpdate(input: $input) { clientMutationId position } }')).toEqual(['commitment-tracker']);
    expect(readsOf('mutation { submitActionUpdate(input: $input) { action { id status overdue latestUpdate { status } } } }')).toEqual(['commitment-tracker']);
    expect(readsOf('mutation { recordIndicatorReading(input: $input) { position } }')).toEqual(['indicator-readings']);
    // Forgetting a person answers with their id alone: no read model to wait for.
    expect(readsOf('mutation { forgetPerson(input: $input) { person { id name } } }')).toEqual([]);
  });

  it('adds the read model of every field selected below, through fragments and unions', () => {
    expect(readsOf('mutation { submitActionUpdate(input: $input) { action { rag } } }')).toEqual(['board-views', 'commitment-tracker']);
    expect(
      readsOf(`mutation { reassignAction(input: $input) { action { ...owner } } }
        fragment owner on Action { owner { ... on Organisation { actions { nodes { id } } } ... on Partnership { settings { dueSoonDays } } } }`),
    ).toEqual(['board-views', 'commitment-tracker', 'partnership-directory']);
    expect(readsOf('mutation { makeCommitment(input: $input) { commitment { allyshipPairings { totalCount } indicators { nodes { improving } } } } }')).toEqual([
      'allyship-pairings',
      'board-views',
      'commitment-tracker',
      'indicator-readings',
    ]);
  });
});
