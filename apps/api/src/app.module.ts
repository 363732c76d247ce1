import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { LoggerModule } from 'nestjs-pino';
import type { LedgerConfig } from '@ledger/config';
import { IdentityVerifier } from '@ledger/auth';
import { PersonalDataStore } from '@ledger/personal-data';
import { AllyshipPairingsQueries, CommitmentTrackerQueries, IndicatorReadingsQueries, PartnershipDirectoryQueries } from '@ledger/projections';
import { AccessService } from './access/access.service.js';
import { AuthGuard } from './access/auth.guard.js';
import { People } from './access/people.js';
import { RequestAccess } from './access/request-access.js';
import { CAPABILITIES, PROJECTIONS } from './capabilities.js';
import { GraphqlErrorFilter } from './graphql/graphql-error.filter.js';
import { ReadLoaders, type GraphQLContext } from './graphql/loaders.js';
import { queryLimits } from './graphql/query-limits.js';
import { ledgerValidationPipe } from './graphql/validation.pipe.js';
import { ExplorerAssetsController, explorerEnabled, explorerLandingPage } from './explorer/explorer.js';
import { HttpEdgeModule } from './http/http-edge.module.js';
import { apiLogger } from './http/request-log.js';
import { LedgerModule } from './ledger/ledger.module.js';
import type { AuthenticatedRequest } from './ledger/command-context.js';
import { graphqlWsOptions, isConnectionContext, subscriptionRequest, subscriptionsOverWebSocketOnly } from './subscriptions/graphql-ws.js';

@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    const production = config.environment === 'production';
    // The GraphiQL explorer, from installed packages, in development only.
    const explorer = explorerEnabled(config.environment);
    const logger = apiLogger(config);
    return {
      module: AppModule,
      controllers: explorer ? [ExplorerAssetsController] : [],
      imports: [
        LedgerModule.forRoot(config, PROJECTIONS),
        HttpEdgeModule.forRoot(logger),
        CqrsModule.forRoot(),
        // Nest's own logs only: the request lines are HttpEdgeModule's (pino-http's per-request loggers cost a fifth of throughput).
        LoggerModule.forRoot({ pinoHttp: { logger }, forRoutes: [] }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [PartnershipDirectoryQueries, CommitmentTrackerQueries, IndicatorReadingsQueries, AllyshipPairingsQueries, PersonalDataStore, AccessService, IdentityVerifier],
          useFactory: (
            directory: PartnershipDirectoryQueries,
            tracker: CommitmentTrackerQueries,
            readings: IndicatorReadingsQueries,
            allyship: AllyshipPairingsQueries,
            personalData: PersonalDataStore,
            access: AccessService,
            identities: IdentityVerifier,
          ) => ({
            autoSchemaFile: true,
            sortSchema: true,
            // Nest's check runs an introspection query over the new schema (~70 ms of start-up); Apollo's
            // start runs assertValidSchema on the same schema, so an invalid one still stops the API.
            buildSchemaOptions: { skipCheck: true },
            // Fresh loaders per request: batching within it, no cache shared between callers.
            // On Fastify, Apollo's integration calls this with (request, reply); graphql-ws with its connection's context.
            context: (reqOrConnection: unknown, res: unknown): GraphQLContext => {
              const req = isConnectionContext(reqOrConnection) ? subscriptionRequest(reqOrConnection) : (reqOrConnection as AuthenticatedRequest);
              const fresh = () => ({ loaders: new ReadLoaders(directory, tracker, readings, allyship, personalData), access: new RequestAccess(req, access) });
              // A subscription's context lasts as long as it does: it renews its loaders and grants for each change it sends.
              const context = { req, res, ...fresh(), renew: () => Object.assign(context, fresh()) };
              return context;
            },
            // Subscriptions over WebSocket (graphql-ws) on the same path; see subscriptions/graphql-ws.ts.
            subscriptions: {
              'graphql-ws': graphqlWsOptions(
                { query: config.queryLimits, subscriptions: config.subscriptionLimits, production },
                identities,
                new People(personalData),
              ),
            },
            // Errors thrown by field resolvers (e.g. a bad `first` on a nested list) get their codes too.
            fieldResolverEnhancers: ['filters'],
            ...queryLimits(config.queryLimits, production),
            // Unknown errors are logged with their stack by the filter; clients never see one.
            includeStacktraceInErrorResponses: false,
            // Not Nest's GraphiQL page, which loads from a CDN and keeps headers in localStorage.
            graphiql: false,
            plugins: [subscriptionsOverWebSocketOnly(), ...(explorer ? [explorerLandingPage()] : [])],
          }),
        }),
        ...CAPABILITIES.map((capability) => capability.module),
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useFactory: ledgerValidationPipe },
        { provide: APP_FILTER, useFactory: () => new GraphqlErrorFilter(production) },
        People,
      ],
    };
  }
}
