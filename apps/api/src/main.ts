import 'reflect-metadata';
import { ConfigError, dataFiles, loadConfig, type LedgerConfig } from '@ledger/config';

function configOrExit(): LedgerConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Partnership Ledger cannot start: ${error.message}`);
    process.exit(1);
  }
}

/** Held until the process ends (the kernel drops it even on SIGKILL): `rebuild` refuses while it is. */
let readModelLock: unknown;

async function bootstrap() {
  const config = configOrExit();
  // Loaded after the configuration is checked, so a bad setting is reported at once.
  const [{ NestFactory }, { Logger }, { ReadModelLock }, { AppModule }, { explorerEnabled }, { upgradeDataFolder }, { ledgerHttpAdapter }] = await Promise.all([
    import('@nestjs/core'),
    import('nestjs-pino'),
    import('@ledger/projections'),
    import('./app.module.js'),
    import('./explorer/explorer.js'),
    import('./ledger/upgrade-data.js'),
    import('./http/http-adapter.js'),
  ]);
  readModelLock = ReadModelLock.acquire(dataFiles(config).readModelsLock, `the API on port ${config.port}`);
  upgradeDataFolder(config, (message) => console.log(message));
  // abortOnError off: a store that cannot be set up (e.g. a bad ESDB_CONNECTION_STRING) throws here.
  // bodyParser off: the HTTP edge reads GraphQL bodies itself, after the request logger (HttpEdgeModule).
  const app = await NestFactory.create(AppModule.forRoot(config), ledgerHttpAdapter(config), { bufferLogs: true, abortOnError: false, bodyParser: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // SIGTERM: stop taking requests, let in-flight ones finish, then close the stores.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  // Every interface, as Express did (Fastify's default is localhost only): the API runs in containers.
  await app.listen(config.port, '0.0.0.0');
  if (config.jwtSecretGenerated) {
    logger.warn(`No LEDGER_JWT_SECRET: using a generated development secret, kept in ${config.dataDir}/dev-jwt-secret`);
  }
  if (config.checkpointSigningKeyGenerated) {
    logger.warn(`No LEDGER_CHECKPOINT_SIGNING_KEY: checkpoints are signed with a generated development key, kept in ${config.dataDir}/dev-checkpoint-signing-key.pem`);
  }
  const explorer = explorerEnabled(config.environment) ? '; open it in a browser for the explorer' : '';
  logger.log(
    `Partnership Ledger API listening on http://localhost:${config.port}/graphql${explorer} (${config.esdbConnectionString ? 'EventStoreDB' : 'embedded SQLite'} event store, data in ${config.dataDir})`,
  );
}

bootstrap().catch((error: unknown) => {
  console.error(`Partnership Ledger cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
