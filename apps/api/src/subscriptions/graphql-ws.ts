import type { ApolloServerPlugin } from '@apollo/server';
import type { GqlSubscriptionServiceOptions } from '@nestjs/graphql';
import { GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Context, SubscribePayload } from 'graphql-ws';
import { decodeJwt } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import { IdentityVerifier } from '@ledger/auth';
import type { QueryLimits, SubscriptionLimits } from '@ledger/config';
import type { People } from '../access/people.js';
import type { AuthenticatedRequest, Caller } from '../ledger/command-context.js';
import { QueryLimitError, queryLimits } from '../graphql/query-limits.js';

/** What onConnect learnt of the connection: who it is, and whether it counts towards their connections. */
type ConnectionExtra = { caller?: Caller; counted?: boolean; expiry?: NodeJS.Timeout; socket: { close(code: number, reason: string): void } };
type ConnectionContext = Context<Record<string, unknown> | undefined, ConnectionExtra>;

/** Close codes in graphql-ws's 4400–4499 range, as HTTP would say it. */
export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_TOO_MANY_CONNECTIONS = 4429;

/** The context graphql-ws hands to the GraphQL context function: told apart from an HTTP request by its fields. */
export function isConnectionContext(value: unknown): value is ConnectionContext {
  return typeof value === 'object' && value !== null && 'connectionInitReceived' in value && 'extra' in value;
}

/** The request a subscription runs as: no headers, the caller onConnect authenticated, its own correlation id. */
export function subscriptionRequest(context: ConnectionContext): AuthenticatedRequest {
  return { headers: {}, caller: context.extra.caller, id: uuidv7() };
}

/** Over HTTP no subscriptions: Apollo would run one as a query, once, with nothing to tell. */
export const subscriptionsOverWebSocketOnly = (): ApolloServerPlugin => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation !== 'subscription') return;
        throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws protocol) at /graphql, not over HTTP', {
          extensions: { code: 'BAD_USER_INPUT', field: 'query', rule: 'subscriptionsOverWebSocket', http: { status: 400 } },
        });
      },
    };
  },
});

/** Over the socket only subscriptions: queries and mutations go to POST /graphql, through the HTTP edge. */
const subscriptionsOnly: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (operation.operation !== 'subscription') {
      context.reportError(
        new GraphQLError(`Only subscriptions are served over WebSocket; send ${operation.operation === 'query' ? 'queries' : 'mutations'} to POST /graphql`, {
          nodes: [operation],
          extensions: { code: 'BAD_USER_INPUT', field: 'query', rule: 'subscriptionsOnly' },
        }),
      );
    }
  },
});

/**
 * graphql-ws's hooks for the API: the bearer token in `connection_init`'s payload (`{ authorization:
 * "Bearer <token>" }`, as the HTTP header), at most `connectionsPerPerson` connections a person and
 * `perConnection` subscriptions a connection, and the same query limits as HTTP (graphql-ws parses and
 * validates itself, without Apollo's validation rules or parse options, so they are given here).
 */
export function graphqlWsOptions(
  limits: Readonly<{ query: QueryLimits; subscriptions: SubscriptionLimits; production: boolean }>,
  identities: IdentityVerifier,
  people: People,
): NonNullable<GqlSubscriptionServiceOptions['graphql-ws']> {
  const { validationRules, parseOptions, formatError } = queryLimits(limits.query, limits.production);
  const rules = [...specifiedRules, ...validationRules, subscriptionsOnly, ...(limits.production ? [NoSchemaIntrospectionCustomRule] : [])];
  const connections = new Map<string, number>();
  const refuse = (error: GraphQLError, code = 'GRAPHQL_VALIDATION_FAILED') => {
    // As Apollo formats them over HTTP: a limit keeps its rule, a token limit is named, no suggestions in production.
    const formatted = formatError({ ...error.toJSON(), extensions: { code, ...error.extensions } }, new GraphQLError(error.message, { originalError: error }));
    return new GraphQLError(formatted.message, { nodes: error.nodes, extensions: formatted.extensions });
  };
  const options = {
    connectionInitWaitTimeout: 10_000,
    async onConnect(context: ConnectionContext) {
      const { socket } = context.extra;
      const header = context.connectionParams?.['authorization'] ?? context.connectionParams?.['Authorization'];
      const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
      if (!match) {
        socket.close(CLOSE_UNAUTHENTICATED, 'UNAUTHENTICATED: send connection_init with payload { "authorization": "Bearer <token>" }');
        return false;
      }
      let personId: string;
      try {
        personId = people.personOf(await identities.verify(match[1]!));
      } catch (error) {
        socket.close(CLOSE_UNAUTHENTICATED, `UNAUTHENTICATED: ${error instanceof Error ? error.message : String(error)}`.slice(0, 120));
        return false;
      }
      const held = connections.get(personId) ?? 0;
      if (held >= limits.subscriptions.connectionsPerPerson) {
        socket.close(CLOSE_TOO_MANY_CONNECTIONS, `At most ${limits.subscriptions.connectionsPerPerson} subscription connections a person; close one first`);
        return false;
      }
      connections.set(personId, held + 1);
      context.extra.caller = { personId };
      context.extra.counted = true;
      // The connection lives no longer than its token.
      const expiresAt = decodeJwt(match[1]!).exp;
      if (expiresAt !== undefined) {
        context.extra.expiry = setTimeout(() => socket.close(CLOSE_UNAUTHENTICATED, 'UNAUTHENTICATED: the token has expired; connect again with a new one'), Math.max(0, expiresAt * 1000 - Date.now()));
      }
      return true;
    },
    onSubscribe(context: ConnectionContext, _id: string, payload: SubscribePayload) {
      // graphql-ws files this subscription before asking, so it counts itself.
      const running = Object.keys(context.subscriptions).length;
      if (running > limits.subscriptions.perConnection) {
        return [
          new QueryLimitError(
            'maxSubscriptionsPerConnection',
            `At most ${limits.subscriptions.perConnection} subscriptions per connection are running; complete one before subscribing again`,
          ),
        ];
      }
      // Parsed here first: graphql-ws's own parse would throw past its error handling and close the socket.
      try {
        parse(payload.query, parseOptions);
      } catch (error) {
        if (error instanceof GraphQLError) return [refuse(error, 'GRAPHQL_PARSE_FAILED')];
        throw error;
      }
      return undefined;
    },
    onClose(context: ConnectionContext) {
      const { caller, counted, expiry } = context.extra;
      if (expiry) clearTimeout(expiry);
      if (!caller || !counted) return;
      context.extra.counted = false;
      const held = (connections.get(caller.personId) ?? 1) - 1;
      if (held > 0) connections.set(caller.personId, held);
      else connections.delete(caller.personId);
    },
    parse: (source: string) => parse(source, parseOptions),
    validate: (schema: GraphQLSchema, document: DocumentNode) => validate(schema, document, rules).map((error) => refuse(error)),
  };
  return options as NonNullable<GqlSubscriptionServiceOptions['graphql-ws']>;
}
