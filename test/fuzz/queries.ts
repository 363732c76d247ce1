import type { FuzzContext, SeedIds } from './context.js';
import type { Random } from './random.js';
import { MALFORMED_IDS, NOT_NUMBERS, ODD_NUMBERS, RawNumber, nestedJson, respell, toJson, toLiteral, type Value } from './values.js';

/** A GraphQL request as it goes into a body or a query string; `variables` is JSON text, possibly not an object. */
export type GraphQLPayload = { query: string; variables?: string; operationName?: Value; label: string };

type Entity = 'partnership' | 'organisation' | 'commitment' | 'action';

const SELECTIONS: Record<Entity, readonly string[]> = {
  partnership: ['id name level revision', 'name organisations { id name }', 'members { name roleTitle organisation { name } }', 'currentPriorities { code } parent { id }'],
  organisation: ['id name sector', 'name partnerships { id name }'],
  commitment: ['id title status revision', 'actions { id status overdue percentComplete }', 'indicators { id progress latestReading { value } }', 'priorities { code } owningOrganisation { name }'],
  action: ['id title status dueDate overdue', 'updates { id status evidenceLinks }', 'commitment { id } owningOrganisation { id }'],
};

function realId(random: Random, ids: SeedIds, entity: Entity): string {
  switch (entity) {
    case 'partnership':
      return random.pick([ids.partnership, ids.other.partnership]);
    case 'organisation':
      return random.pick([...ids.organisations, ids.other.organisation]);
    case 'commitment':
      return random.pick([ids.activeCommitment, ids.proposedCommitment, ids.closedCommitment, ids.other.commitment]);
    case 'action':
      return random.pick([...ids.actions, ids.closedAction, ids.other.action]);
  }
}

/** Any id a caller might send: real, respelled, another kind's, made up, malformed, or not a string. */
function anyId(random: Random, ids: SeedIds, entity: Entity): [label: string, value: Value] {
  return random.weighted<() => [string, Value]>([
    [3, () => ['id:real', realId(random, ids, entity)]],
    [2, () => ['id:respelled', respell(random, realId(random, ids, entity))]],
    [1, () => ['id:another-kind', realId(random, ids, random.pick(['partnership', 'organisation', 'commitment', 'action'] as const))]],
    [2, () => ['id:not-found', random.uuid()]],
    [2, () => ['id:malformed', random.pick(MALFORMED_IDS)]],
    [1, () => ['id:hostile-text', random.pick(['\u0000', '\u001b[2J', '\ud800', '\u200b', 'é'.repeat(1000)])]],
    [1, () => ['id:not-a-string', random.pick<Value>([42, true, null, [ids.partnership], { id: ids.partnership }])]],
  ])();
}

const byIdQuery = (random: Random, ids: SeedIds): GraphQLPayload => {
  const entity = random.pick(['partnership', 'organisation', 'commitment', 'action'] as const);
  const [label, value] = anyId(random, ids, entity);
  const selection = random.pick(SELECTIONS[entity]);
  if (random.chance(0.5)) return { query: `{ ${entity}(id: ${toLiteral(value)}) { ${selection} } }`, label: `read:${entity}/${label}` };
  const declared = random.weighted([[8, 'ID!'], [1, 'String!'], [1, 'Int'], [1, 'ID']]);
  return { query: `query Read($id: ${declared}) { ${entity}(id: $id) { ${selection} } }`, variables: toJson({ id: value }), operationName: random.chance(0.7) ? 'Read' : undefined, label: `read:${entity}/${label}/var:${declared}` };
};

const pageQuery = (random: Random, ids: SeedIds): GraphQLPayload => {
  const first = random.weighted<Value | undefined>([
    [3, random.int(1, 100)],
    [2, random.pick([0, -1, 101, 2147483647, -2147483648])],
    [2, new RawNumber(random.pick([...ODD_NUMBERS, ...NOT_NUMBERS]))],
    [1, undefined],
    [1, random.pick<Value>(['10', true, null])],
  ]);
  const firstText = first === undefined ? '' : `first: ${toLiteral(first)}`;
  const after = random.weighted<string | undefined>([
    [3, undefined],
    [1, Buffer.from(`partnership:${random.int(-5, 5)}`).toString('base64url')],
    [1, Buffer.from(`commitment:${random.pick(['1e3', 'NaN', '-0', '1.5', '99999999999999999999'])}`).toString('base64url')],
    [1, random.pick(['', '%%%', 'x'.repeat(5000), '\u0000', 'bnVsbA'])],
  ]);
  const args = [firstText, after === undefined ? '' : `after: ${JSON.stringify(after)}`];
  if (random.chance(0.5)) return { query: `{ partnerships(${args.filter(Boolean).join(', ')}) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }`, label: 'read:partnerships-page' };
  const [, partnershipId] = anyId(random, ids, 'partnership');
  const status = random.pick(['', 'status: ACTIVE', 'status: CLOSED', 'status: "ACTIVE"', 'status: null', 'status: active', 'status: 1']);
  return { query: `{ commitments(partnershipId: ${toLiteral(partnershipId)}, ${[...args, status].filter(Boolean).join(', ')}) { edges { node { id status } } pageInfo { hasNextPage } } }`, label: 'read:commitments-page' };
};

const SYNTAX_ERRORS = [
  '{ health { status }',
  '{ health { status } } }',
  '{ health { status ',
  'query {',
  '{}',
  '',
  ' ',
  '#only a comment',
  'query { health(id: ) { status } }',
  '{ health { status } } { health { status } }',
  '{ "health" }',
  '{ health { status @ } }',
  '{ partnership(id: "unterminated) { id } }',
  '{ partnership(id: """never closed) { id } }',
  'mutation',
  'subscription { health { status } }',
  '{ health { status } } fragment',
  '{ ...on { id } }',
  'query ($: ID) { health { status } }',
  '{ health { \u0000 } }',
  '{ health { status } } \u0007',
  '{ partnership(id: "\\ud800") { id } }',
  '{ partnership(id: "\\u{110000}") { id } }',
  '{ partnership(id: "\\x41") { id } }',
  'query Q { health { status } } query Q { health { status } }',
  '{ health { status(((((( } }',
  '{ 1health { status } }',
  '\ufeff{ health { status } }',
];

function syntaxError(random: Random): GraphQLPayload {
  if (random.chance(0.3)) {
    // A valid document cut short or with one character replaced.
    const valid = '{ partnerships(first: 5) { edges { node { id name organisations { id } } } } }';
    const cut = random.int(1, valid.length - 2);
    return { query: random.chance(0.5) ? valid.slice(0, cut) : `${valid.slice(0, cut)}${random.pick(['{', '}', '(', ')', '"', '$', '!', '@', ':', '...'])}${valid.slice(cut + 1)}`, label: 'graphql:syntax/mangled' };
  }
  return { query: random.pick(SYNTAX_ERRORS), label: 'graphql:syntax' };
}

function unknownField(random: Random, ids: SeedIds): GraphQLPayload {
  const query = random.pick([
    '{ partnershipz { id } }',
    '{ health { statuss } }',
    `{ partnership(id: "${ids.partnership}") { nam } }`,
    `{ partnership(id: "${ids.partnership}", bogus: 1) { id } }`,
    `{ commitment(id: "${ids.activeCommitment}") { actions { updates { secret } } } }`,
    '{ __typename health { __typename store { __typename } } }',
    '{ health }',
    `{ partnership(id: "${ids.partnership}") }`,
    '{ health { status { deeper } } }',
    '{ priorities(partnershipId: 1, includeRetired: "yes") { id } }',
    `{ priorities(partnershipId: "${ids.partnership}", includeRetired: null) { id } }`,
    '{ partnerships { edges { node { ... on Commitment { id } } } } }',
    '{ partnership { id } }',
  ]);
  return { query, label: 'graphql:unknown-field-or-argument' };
}

/** Nested lists that refer back to each other: the shape that exhausted memory in issue 8. */
function deepNesting(random: Random, ids: SeedIds): GraphQLPayload {
  const depth = random.weighted([[3, random.int(2, 8)], [3, random.int(9, 16)], [1, random.int(17, 60)]]);
  const connections = random.chance(0.3);
  const list = (field: string, inner: string) => (connections ? `${field}(first: 100) { edges { node { ${inner} } } }` : `${field} { ${inner} }`);
  const root = random.pick(['partnership', 'commitment'] as const);
  let inner = 'id';
  for (let level = depth; level > 0; level -= 1) {
    if (root === 'partnership') inner = level % 2 === 1 ? list('organisations', `id ${inner}`) : list('partnerships', `id ${inner}`);
    else inner = level % 2 === 1 ? list('actions', `id ${inner}`) : `commitment { id ${inner} }`;
  }
  const rootId = root === 'partnership' ? ids.partnership : ids.activeCommitment;
  // Partnership → organisations → partnerships → …: odd levels are organisations, even are partnerships.
  const query = root === 'partnership' ? `{ partnership(id: "${rootId}") { id ${inner} } }` : `{ commitment(id: "${rootId}") { id ${inner} } }`;
  return { query, label: `graphql:deep-nesting(${depth}${connections ? ',connections' : ''})` };
}

function manyAliases(random: Random, ids: SeedIds): GraphQLPayload {
  const count = random.weighted([[3, random.int(2, 50)], [3, random.int(51, 500)], [2, random.int(501, 2000)]]);
  const field = random.pick([
    (n: number) => `a${n}: health { status projections { lag } }`,
    (n: number) => `a${n}: commitment(id: "${ids.activeCommitment}") { actions { updates { id } } }`,
    (n: number) => `a${n}: partnership(id: "${ids.partnership}") { name organisations { name } }`,
    (n: number) => `a${n}: __typename`,
  ]);
  return { query: `{ ${Array.from({ length: count }, (_, n) => field(n)).join(' ')} }`, label: `graphql:aliases(${count})` };
}

function fragments(random: Random, ids: SeedIds): GraphQLPayload {
  const head = `{ partnership(id: "${ids.partnership}") { ...A } }`;
  const variant = random.pick(['cycle', 'self', 'chain', 'fan-out', 'undefined', 'wrong-type', 'unused', 'unknown-type'] as const);
  const chain = (count: number, spreads: number) =>
    Array.from({ length: count }, (_, n) => `fragment F${n} on Partnership { id ${n + 1 < count ? `...F${n + 1} `.repeat(spreads) : 'name'} }`).join(' ');
  const query = {
    cycle: `${head} fragment A on Partnership { name ...B } fragment B on Partnership { id ...A }`,
    self: `${head} fragment A on Partnership { ...A }`,
    chain: `{ partnership(id: "${ids.partnership}") { ...F0 } } ${chain(random.int(10, 400), 1)}`,
    'fan-out': `{ partnership(id: "${ids.partnership}") { ...F0 } } ${chain(random.int(10, 40), random.int(2, 4))}`,
    undefined: `${head}`,
    'wrong-type': `${head} fragment A on Commitment { title }`,
    unused: `{ health { status } } fragment A on Partnership { name }`,
    'unknown-type': `${head} fragment A on Nothing { name }`,
  }[variant];
  return { query, label: `graphql:fragments(${variant})` };
}

function directives(random: Random): GraphQLPayload {
  const count = random.weighted([[2, random.int(2, 20)], [2, random.int(21, 1000)], [1, random.int(1001, 3000)]]);
  const directive = random.pick(['@include(if: true)', '@skip(if: false)', '@deprecated', '@unknown', '@include(if: "yes")', '@include', '@skip(if: true, if: false)', '@include(if: $flag)']);
  const where = random.pick(['field', 'operation', 'arguments'] as const);
  const spam = ` ${directive}`.repeat(count);
  const query = {
    field: `{ health${spam} { status } }`,
    operation: `query${spam} { health { status } }`,
    arguments: `{ health @include(${Array.from({ length: count }, (_, n) => `a${n}: true`).join(', ')}) { status } }`,
  }[where];
  return { query, label: `graphql:directives(${where},${count})` };
}

function operations(random: Random): GraphQLPayload {
  return random.pick<() => GraphQLPayload>([
    () => ({ query: '{ health { status } } { health { status } }', label: 'graphql:operations(two-anonymous)' }),
    () => ({ query: 'query A { health { status } } query B { health { status } }', label: 'graphql:operations(no-operation-name)' }),
    () => ({ query: 'query A { health { status } }', operationName: random.pick<Value>(['B', '', 5, ['A'], { name: 'A' }, 'A\u0000']), label: 'graphql:operations(bad-operation-name)' }),
    () => ({ query: 'subscription { health { status } }', label: 'graphql:operations(subscription)' }),
    () => ({ query: 'mutation { health { status } }', label: 'graphql:operations(query-field-in-mutation)' }),
    () => ({ query: `query A { health { status } } ${'query B { health { status } } '.repeat(random.int(2, 200))}`, operationName: 'A', label: 'graphql:operations(many-operations)' }),
  ])();
}

function introspection(random: Random): GraphQLPayload {
  const depth = random.int(1, 12);
  let inner = 'name';
  for (let level = 0; level < depth; level += 1) inner = `name fields { name type { name ofType { name } } type { fields { ${inner} } } }`;
  return random.pick<() => GraphQLPayload>([
    () => ({ query: '{ __schema { types { name fields { name args { name type { name } } } } } }', label: 'graphql:introspection(schema)' }),
    () => ({ query: `{ __type(name: "Partnership") { ${inner} } }`, label: `graphql:introspection(deep,${depth})` }),
    () => ({ query: '{ __type(name: 5) { name } }', label: 'graphql:introspection(bad-argument)' }),
  ])();
}

function variables(random: Random, ids: SeedIds): GraphQLPayload {
  return random.pick<() => GraphQLPayload>([
    () => ({ query: 'query($first: Int!) { partnerships(first: $first) { edges { node { id } } } }', variables: `{"first":${random.pick(['"10"', '1.5', '1e309', '2147483648', '-0', 'null', '[10]', '{"n":10}', '1e-400', '9007199254740993'])}}`, label: 'graphql:variables(first)' }),
    () => ({ query: 'query($id: ID!) { commitment(id: $id) { id } }', variables: random.pick(['{}', '{"id":null}', `{"id":${nestedJson(random, random.int(10, 5000))}}`, '{"id":1e309}', '{"Id":"x"}']), label: 'graphql:variables(id)' }),
    () => ({ query: '{ commitment(id: $nope) { id } }', variables: '{"nope":"x"}', label: 'graphql:variables(undeclared)' }),
    () => ({ query: 'query($unused: Int) { health { status } }', label: 'graphql:variables(unused)' }),
    () => ({ query: 'query($id: ID!, $id: ID!) { commitment(id: $id) { id } }', variables: `{"id":"${ids.activeCommitment}"}`, label: 'graphql:variables(duplicate)' }),
    () => ({ query: 'query($input: FormPartnershipInput!) { health { status } }', variables: '{"input":{"name":"x","level":"PLACE"}}', label: 'graphql:variables(input-type-in-query)' }),
    () => ({ query: 'query($flag: Boolean!) { health @include(if: $flag) { status } }', variables: random.pick(['{"flag":"true"}', '{"flag":1}', '{"flag":null}', '{}', '{"flag":true}']), label: 'graphql:variables(flag)' }),
    () => ({ query: 'query($status: CommitmentStatus) { commitments(partnershipId: "' + ids.partnership + '", status: $status) { edges { node { id } } } }', variables: `{"status":${random.pick(['"CLOSED"', '"active"', '1', '["ACTIVE"]', '"ACTIVE"'])}}`, label: 'graphql:variables(enum)' }),
    () => ({ query: '{ health { status } }', variables: `{"deep":${nestedJson(random, random.int(100, 20_000))}}`, label: 'graphql:variables(deep-unused)' }),
  ])();
}

const healthQuery = (random: Random): GraphQLPayload => ({
  query: random.pick(['{ health { status } }', '{ health { status store { kind reachable headPosition } projections { name checkpoint lag lastError } } }']),
  label: 'read:health',
});

/** A read or a refused GraphQL document: any mix of real and hostile parts, sent with any token. */
export function queryPayload(random: Random, context: FuzzContext): GraphQLPayload {
  const { ids } = context;
  return random.weighted<() => GraphQLPayload>([
    [1, () => healthQuery(random)],
    [6, () => byIdQuery(random, ids)],
    [3, () => pageQuery(random, ids)],
    [3, () => syntaxError(random)],
    [2, () => unknownField(random, ids)],
    [3, () => deepNesting(random, ids)],
    [2, () => manyAliases(random, ids)],
    [2, () => fragments(random, ids)],
    [2, () => directives(random)],
    [2, () => operations(random)],
    [1, () => introspection(random)],
    [3, () => variables(random, ids)],
  ])();
}
