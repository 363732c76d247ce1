import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { loadConfig } from '@ledger/config';
import { AppModule } from './app.module.js';
import { ledgerHttpAdapter } from './http/http-adapter.js';

/** Prints the GraphQL schema (SDL) the API serves, for the committed schema.gql. */
async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-schema-'));
  const config = loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' });
  const app = await NestFactory.create(AppModule.forRoot(config), ledgerHttpAdapter(), { logger: false });
  await app.init();
  process.stdout.write(printSchema(app.get(GraphQLSchemaHost).schema) + '\n');
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}

void main();
