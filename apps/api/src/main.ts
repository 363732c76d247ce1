import 'reflect-metadata';
import { ConfigError, loadConfig, type LedgerConfig } from '@ledger/config';

function configOrExit(): LedgerConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Partnership Ledger cannot start: ${error.message}`);
    process.exit(1);
  }
}

async function bootstrap() {
  const config = configOrExit();
  // Loaded after the configuration is checked, so a bad setting is reported at once.
  const [{ NestFactory }, { Logger }, { AppModule }] = await Promise.all([
    import('@nestjs/core'),
    import('nestjs-pino'),
    import('./app.module.js'),
  ]);
  // abortOnError off: a store that cannot be set up (e.g. a bad ESDB_CONNECTION_STRING) throws here.
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // SIGTERM: stop taking requests, let in-flight ones finish, then close the stores.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.listen(config.port);
  if (config.jwtSecretGenerated) {
    logger.warn(`No LEDGER_JWT_SECRET: using a generated development secret, kept in ${config.dataDir}/dev-jwt-secret`);
  }
  logger.log(`Partnership Ledger API listening on http://localhost:${config.port}/graphql (${config.esdbConnectionString ? 'EventStoreDB' : 'embedded SQLite'} event store, data in ${config.dataDir})`);
}

bootstrap().catch((error: unknown) => {
  console.error(`Partnership Ledger cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
