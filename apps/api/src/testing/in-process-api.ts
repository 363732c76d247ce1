import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mintIdentityToken } from '@ledger/auth';
import { dataFiles, type LedgerConfig } from '@ledger/config';
import type { Role } from '@ledger/domain';
import { PersonalDataStore } from '@ledger/personal-data';
import { openReadModelDatabase } from '@ledger/projections';
import { grantAsOperator } from '../access/access.handlers.js';
import { AppModule } from '../app.module.js';
import { ledgerHttpAdapter } from '../http/http-adapter.js';
import { READ_MODEL_DATABASE } from '../ledger/ledger.module.js';
import { Ledger } from '../ledger/ledger.service.js';

export type InProcessApi = Readonly<{
  app: INestApplication;
  /** The GraphQL endpoint. */
  url: string;
  /** A token for `subject`, who holds `roles`. */
  token: string;
  /** Statements the read-model database has run so far. */
  statements: () => number;
}>;

/**
 * The API in this process on a free port, for tests that must look inside it: its read-model
 * database counts every statement it runs. `subject` is granted `roles` by the console operator.
 */
export async function startInProcessApi(config: LedgerConfig, { subject, roles }: { subject: string; roles: readonly Role[] }): Promise<InProcessApi> {
  let statements = 0;
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(READ_MODEL_DATABASE)
    .useFactory({ factory: () => openReadModelDatabase(dataFiles(config).readModels, { verbose: () => statements++ }) })
    .compile();
  // As main.ts: on Fastify, and the HTTP edge reads request bodies itself.
  const app = moduleRef.createNestApplication(ledgerHttpAdapter(config), { logger: false, bodyParser: false });
  await app.listen(0, '127.0.0.1');
  for (const role of roles) {
    await grantAsOperator(app.get(Ledger), app.get(PersonalDataStore), config, 'test', { issuer: config.jwtIssuer, subject, role, reason: 'Test grant' });
  }
  const token = await mintIdentityToken({ secret: config.jwtSecret!, issuer: config.jwtIssuer, subject, maxLifetimeSeconds: 3600 });
  return { app, url: `${await app.getUrl()}/graphql`, token, statements: () => statements };
}
