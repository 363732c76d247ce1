import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { LedgerConfig } from '@ledger/config';
import { PersonalDataStore } from '@ledger/personal-data';
import { CommitmentTrackerQueries, IndicatorReadingsQueries, PartnershipDirectoryQueries } from '@ledger/projections';
import { ACCESS_HANDLERS } from './access/access.handlers.js';
import { GrantsResolver, MeResolver, PeopleResolver } from './access/access.resolver.js';
import { AccessService } from './access/access.service.js';
import { AuthGuard } from './access/auth.guard.js';
import { People } from './access/people.js';
import { RequestAccess } from './access/request-access.js';
import { GraphqlErrorFilter } from './graphql/graphql-error.filter.js';
import { ReadLoaders, type GraphQLContext } from './graphql/loaders.js';
import { queryLimits } from './graphql/query-limits.js';
import { ledgerValidationPipe } from './graphql/validation.pipe.js';
import { ACTION_HANDLERS } from './actions/action.handlers.js';
import { ActionPlanCompleter, ActionPlans } from './actions/action-plans.js';
import { ActionsResolver, ActionUpdatesResolver } from './actions/actions.resolver.js';
import { COMMITMENT_HANDLERS } from './commitments/commitment.handlers.js';
import { CommitmentsResolver } from './commitments/commitments.resolver.js';
import { ExplorerAssetsController, explorerEnabled, explorerLandingPage } from './explorer/explorer.js';
import { HealthController } from './health/health.controller.js';
import { HealthResolver, ProjectionHealthResolver } from './health/health.resolver.js';
import { Readiness } from './health/readiness.js';
import { HttpEdgeModule } from './http/http-edge.module.js';
import { INDICATOR_HANDLERS } from './indicators/indicator.handlers.js';
import { IndicatorsResolver } from './indicators/indicators.resolver.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { LedgerCommands } from './ledger/ledger-commands.js';
import { ReadYourWrites } from './ledger/read-your-writes.js';
import type { AuthenticatedRequest } from './ledger/command-context.js';
import { OrganisationsResolver } from './organisations/organisations.resolver.js';
import { RegisterOrganisationHandler } from './organisations/register-organisation.handler.js';
import { PARTNERSHIP_HANDLERS } from './partnerships/partnership.handlers.js';
import { MembersResolver, PartnershipsResolver } from './partnerships/partnerships.resolver.js';

const CORRELATION_HEADER = 'x-correlation-id';

@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    const production = config.environment === 'production';
    // The GraphiQL explorer, from installed packages, in development only.
    const explorer = explorerEnabled(config.environment);
    return {
      module: AppModule,
      controllers: [HealthController, ...(explorer ? [ExplorerAssetsController] : [])],
      imports: [
        LedgerModule.forRoot(config),
        HttpEdgeModule,
        CqrsModule.forRoot(),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // One line per request, carrying the caller's correlation id or a new one.
            genReqId: (req, res) => {
              const given = req.headers[CORRELATION_HEADER];
              const id = typeof given === 'string' && given.length > 0 && given.length <= 128 ? given : randomUUID();
              res.setHeader(CORRELATION_HEADER, id);
              return id;
            },
            customProps: (req) => ({ correlationId: req.id }),
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [PartnershipDirectoryQueries, CommitmentTrackerQueries, IndicatorReadingsQueries, PersonalDataStore, AccessService],
          useFactory: (
            directory: PartnershipDirectoryQueries,
            tracker: CommitmentTrackerQueries,
            readings: IndicatorReadingsQueries,
            personalData: PersonalDataStore,
            access: AccessService,
          ) => ({
            autoSchemaFile: true,
            sortSchema: true,
            // Fresh loaders per request: batching within it, no cache shared between callers.
            context: ({ req, res }: { req: AuthenticatedRequest; res: unknown }): GraphQLContext => ({
              req,
              res,
              loaders: new ReadLoaders(directory, tracker, readings, personalData),
              access: new RequestAccess(req, access),
            }),
            // Errors thrown by field resolvers (e.g. a bad `first` on a nested list) get their codes too.
            fieldResolverEnhancers: ['filters'],
            ...queryLimits(config.queryLimits, production),
            // Unknown errors are logged with their stack by the filter; clients never see one.
            includeStacktraceInErrorResponses: false,
            // Not Nest's GraphiQL page, which loads from a CDN and keeps headers in localStorage.
            graphiql: false,
            plugins: explorer ? [explorerLandingPage()] : [],
          }),
        }),
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_PIPE, useFactory: ledgerValidationPipe },
        { provide: APP_FILTER, useFactory: () => new GraphqlErrorFilter(production) },
        People,
        LedgerCommands,
        ReadYourWrites,
        Readiness,
        HealthResolver,
        ProjectionHealthResolver,
        PartnershipsResolver,
        MembersResolver,
        OrganisationsResolver,
        RegisterOrganisationHandler,
        ...PARTNERSHIP_HANDLERS,
        CommitmentsResolver,
        ...COMMITMENT_HANDLERS,
        ActionsResolver,
        ActionUpdatesResolver,
        ActionPlans,
        ActionPlanCompleter,
        ...ACTION_HANDLERS,
        IndicatorsResolver,
        ...INDICATOR_HANDLERS,
        GrantsResolver,
        PeopleResolver,
        MeResolver,
        ...ACCESS_HANDLERS,
      ],
    };
  }
}
