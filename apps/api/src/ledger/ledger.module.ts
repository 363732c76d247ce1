import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IdentityVerifier } from '@ledger/auth';
import { dataFiles, type LedgerConfig } from '@ledger/config';
import { createEventStore, EVENT_STORE, type EventStore } from '@ledger/event-store';
import { PersonalDataStore } from '@ledger/personal-data';
import { openReadModelDatabase, ProjectionRunner, type Projection, type ReadModelDatabase } from '@ledger/projections';
import { AccessService } from '../access/access.service.js';
import { Scopes } from '../access/scopes.js';
import { CaughtUp } from './caught-up.js';
import { LedgerCommands } from './ledger-commands.js';
import { Ledger } from './ledger.service.js';
import { ReadYourWrites } from './read-your-writes.js';
import { LEDGER_CONFIG, READ_MODEL_DATABASE } from './ledger-tokens.js';

export { LEDGER_CONFIG, READ_MODEL_DATABASE };

/** How every capability writes: loads, checks grants, decides, appends, and waits to read its own write. */
const WRITE_SIDE = [Ledger, Scopes, AccessService, LedgerCommands, ReadYourWrites, CaughtUp];

/** Starts the projections once the app is up; closes every store after the HTTP server has drained. */
@Injectable()
class LedgerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Ledger');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATABASE) private readonly readModels: ReadModelDatabase,
    private readonly personalData: PersonalDataStore,
    private readonly projections: ProjectionRunner,
  ) {}

  onApplicationBootstrap() {
    this.projections.start();
  }

  async onApplicationShutdown(signal?: string) {
    await this.projections.stop();
    await this.store.close();
    this.readModels.close();
    this.personalData.close();
    this.logger.log(`Stores closed${signal ? ` after ${signal}` : ''}`);
  }
}

/**
 * The stores, the read-model database and the runner of `projections`, the identity verifier, the
 * write side and the access rules every capability uses. Each capability provides its own queries.
 */
@Global()
@Module({})
export class LedgerModule {
  static forRoot(config: LedgerConfig, projections: readonly Projection[]): DynamicModule {
    const files = dataFiles(config);
    return {
      module: LedgerModule,
      providers: [
        { provide: LEDGER_CONFIG, useValue: config },
        {
          provide: EVENT_STORE,
          useFactory: () =>
            createEventStore({
              sqliteFilename: files.events,
              sqliteSynchronous: config.sqliteSynchronous,
              esdbConnectionString: config.esdbConnectionString,
              logger: new Logger('EventStore'),
            }),
        },
        { provide: READ_MODEL_DATABASE, useFactory: () => openReadModelDatabase(files.readModels) },
        { provide: PersonalDataStore, useFactory: () => new PersonalDataStore(files.personalData) },
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, READ_MODEL_DATABASE],
          useFactory: (store: EventStore, db: ReadModelDatabase) => {
            const logger = new Logger('Projections');
            return new ProjectionRunner(store, db, projections, { logger: { log: (m) => logger.log(m), error: (m) => logger.error(m) } });
          },
        },
        {
          provide: IdentityVerifier,
          useFactory: () =>
            new IdentityVerifier({
              jwtSecret: config.jwtSecret,
              localIssuer: config.jwtIssuer,
              oidcIssuers: config.oidcIssuers,
              oidcAudience: config.oidcAudience,
              maxLifetimeSeconds: config.jwtMaxLifetimeSeconds,
              jwksCooldownMs: config.oidcJwksCooldownMs,
            }),
        },
        ...WRITE_SIDE,
        LedgerLifecycle,
      ],
      exports: [
        LEDGER_CONFIG,
        EVENT_STORE,
        READ_MODEL_DATABASE,
        PersonalDataStore,
        ProjectionRunner,
        IdentityVerifier,
        ...WRITE_SIDE,
      ],
    };
  }
}
