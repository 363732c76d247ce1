import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import type { QueryLimits } from '@ledger/config';

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
    costLimit: { maxCost: limits.maxCost, ...refuseAs('maxCost') },
    // Parsing stops at the limit through graphql-js's own option (below); armor's plugin would
    // throw from a hook Apollo does not guard, answering 500.
    maxTokens: { enabled: false },
    // Its pattern misses "Did you mean the enum value …" and leaves a stray "?"; see formatError.
    blockFieldSuggestion: { enabled: false },
  }).protect();

  return {
    validationRules: [...armor.validationRules, maxMutationsRule(limits.maxMutations)],
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
