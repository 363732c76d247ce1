import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLFormattedError } from 'graphql';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { QueryLimits } from '@ledger/config';
import { MAX_PAGE_SIZE } from './connection.js';

/** A request refused for its size or shape, before any resolver runs. */
export class QueryLimitError extends GraphQLError {
  constructor(rule: string, message: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', field: 'query', rule } });
  }
}

/** graphql-armor's refusals, reported as our error with the rule that refused (armor prefixes "Syntax Error: "). */
const refuseAs = (rule: string) => ({
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(new QueryLimitError(rule, error.message.replace(/^Syntax Error: /, '')))],
});

/** Root fields of a selection, through fragments: each root field of a mutation is one write. */
function rootFields(selectionSet: SelectionSetNode, context: ValidationContext, seen = new Set<string>()): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += rootFields(selection.selectionSet, context, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += rootFields(fragment.selectionSet, context, seen);
    }
  }
  return count;
}

/** At most `max` mutations in one request: a refused document writes nothing, as validation runs before execution. */
export const maxMutationsRule =
  (max: number): ValidationRule =>
  (context): ASTVisitor => ({
    OperationDefinition(operation) {
      if (operation.operation !== 'mutation') return;
      const count = rootFields(operation.selectionSet, context);
      if (count > max) context.reportError(new QueryLimitError('maxMutations', `At most ${max} mutations per request (found ${count})`));
    },
  });

/**
 * How many items a list with no `first` is priced at (a meeting's minute items, the counts per status):
 * its length is the data's, not the query's, so no price bounds it. The unpaged lists that grow with a
 * partnership (progressSinceLastMeeting's actions and their updates) need paging, not a price.
 */
export const UNPAGED_LIST_ITEMS = 10;

/**
 * How many list items a field's `first` may ask for: the literal; absent, the argument's default from
 * the schema; a variable, the most a page may hold (validation runs before variables are known, and a
 * variable's declared default does not bound the value sent).
 */
function pageSizeOf(field: FieldNode, definition: GraphQLField<unknown, unknown>): number | null {
  const declared = definition.args.find((arg) => arg.name === 'first');
  if (!declared) return null;
  const given = field.arguments?.find((arg) => arg.name.value === 'first')?.value;
  if (given === undefined) return typeof declared.defaultValue === 'number' ? declared.defaultValue : MAX_PAGE_SIZE;
  return given.kind === Kind.INT ? Math.max(0, Number.parseInt(given.value, 10)) : MAX_PAGE_SIZE;
}

/**
 * The most objects an operation may return, which is what it costs to answer (resolvers, loaders and
 * serialisation all go per object): each object counts 1, scalars nothing (an object's width is bounded
 * by maxTokens), and a list counts its items: the `first` of the connection it belongs to, or
 * UNPAGED_LIST_ITEMS for a list with no `first`. A page of 50 commitments with 50 actions each and
 * their latest updates costs about 5,100, as many objects as it returns.
 *
 * graphql-armor's cost-limit, which this replaces, multiplied by 1.5 at every level and by `first` only
 * when written as a literal: it priced that page at 195,916 and a 20 × 20 page at 31,623 (both refused
 * at 5,000), but the same 50 × 50 page at 101 when `first` was left to its default, and nested lists of
 * `first: $n` as if each held one item.
 */
export function operationCost(operation: OperationDefinitionNode, context: ValidationContext): number {
  const schema = context.getSchema();
  const root = schema.getRootType(operation.operation);
  const fragmentsOpen = new Set<string>();
  // A fragment's price, by name and the page it is spread in: priced once, as fragments that spread each
  // other twice over would otherwise be walked 2^n times (the fuzz test's "fan-out").
  const fragmentCosts = new Map<string, number>();
  const costOf = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, pageSize: number | null): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) cost += costOf(selection.selectionSet, type, pageSize);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const key = `${name}|${pageSize}`;
        let fragmentCost = fragmentCosts.get(key);
        if (fragmentCost === undefined) {
          const fragment = context.getFragment(name);
          const type = fragment && schema.getType(fragment.typeCondition.name.value);
          // A cycle is refused by graphql's own NoFragmentCycles rule: priced once here.
          if (!fragment || !type || !isCompositeType(type) || fragmentsOpen.has(name)) continue;
          fragmentsOpen.add(name);
          fragmentCosts.set(key, (fragmentCost = costOf(fragment.selectionSet, type, pageSize)));
          fragmentsOpen.delete(name);
        }
        cost += fragmentCost;
      } else if (!selection.name.value.startsWith('__') && 'getFields' in parent) {
        const definition = parent.getFields()[selection.name.value];
        const type = definition && getNamedType(definition.type);
        // Scalars and unknown fields (refused by graphql's own rules) cost nothing.
        if (!definition || !selection.selectionSet || !isCompositeType(type)) continue;
        const items = isListType(getNullableType(definition.type)) ? (pageSize ?? UNPAGED_LIST_ITEMS) : 1;
        cost += items * (1 + costOf(selection.selectionSet, type, pageSizeOf(selection, definition)));
      }
    }
    return cost;
  };
  return root ? costOf(operation.selectionSet, root, null) : 0;
}

/** At most `max` objects an operation may return (see operationCost), refused before any resolver runs. */
export const maxCostRule =
  (max: number): ValidationRule =>
  (context): ASTVisitor => ({
    OperationDefinition(operation) {
      const cost = operationCost(operation, context);
      if (cost > max) {
        context.reportError(
          new QueryLimitError('maxCost', `Query cost limit of ${max} exceeded, found ${cost}: each object the query may return costs 1, a list as many as its first`),
        );
      }
    },
  });

// graphql 16 spells it "more that".
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Cost control for the GraphQL server: depth, aliases, directives and cost (graphql-armor's
 * validation rules), tokens (graphql-js stops parsing at the limit) and mutations per request.
 */
export function queryLimits(limits: QueryLimits, production: boolean) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ...refuseAs('maxDepth') },
    maxAliases: { n: limits.maxAliases, ...refuseAs('maxAliases') },
    maxDirectives: { n: limits.maxDirectives, ...refuseAs('maxDirectives') },
    // Cost is ours (maxCostRule): armor's grows with depth and misses `first` given by a variable or left to its default.
    costLimit: { enabled: false },
    // Parsing stops at the limit through graphql-js's own option (below); armor's plugin would
    // throw from a hook Apollo does not guard, answering 500.
    maxTokens: { enabled: false },
    // Its pattern misses "Did you mean the enum value …" and leaves a stray "?"; see formatError.
    blockFieldSuggestion: { enabled: false },
  }).protect();

  return {
    validationRules: [...armor.validationRules, maxCostRule(limits.maxCost), maxMutationsRule(limits.maxMutations)],
    parseOptions: { maxTokens: limits.maxTokens },
    introspection: !production,
    /**
     * Apollo files a failed validation under GRAPHQL_VALIDATION_FAILED: a limit keeps its own code
     * and rule. In production no message suggests a name ("Did you mean …"), which would leak the
     * schema that introspection hides.
     */
    formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
      const original = error instanceof GraphQLError ? error.originalError : undefined;
      let result = formatted;
      if (original instanceof QueryLimitError) {
        result = { ...formatted, message: original.message, extensions: { ...original.extensions } };
      } else {
        const tokens = TOKEN_LIMIT.exec(formatted.message);
        if (tokens && formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED') {
          const refused = new QueryLimitError('maxTokens', `Query token limit of ${tokens[1]} exceeded`);
          result = { ...formatted, message: refused.message, extensions: { ...refused.extensions } };
        }
      }
      return production ? { ...result, message: result.message.replace(SUGGESTION, '') } : result;
    },
  };
}
