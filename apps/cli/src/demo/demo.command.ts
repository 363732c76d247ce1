import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { Command, CommandRunner } from 'nest-commander';
import { userInfo } from 'node:os';
import { dataFiles, loadConfig, type LedgerConfig } from '@ledger/config';
import { OPERATOR } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { PersonalDataStore } from '@ledger/personal-data';
import { OPERATOR_ISSUER } from '../../../api/src/access/access.handlers.js';
import { CAPABILITIES, PROJECTIONS } from '../../../api/src/capabilities.js';
import { LedgerModule } from '../../../api/src/ledger/ledger.module.js';
import { Ledger } from '../../../api/src/ledger/ledger.service.js';
import { upgradeDataFolder } from '../../../api/src/ledger/upgrade-data.js';
import { lockReadModels } from '../read-models-lock.js';
import { DemoLoader } from './demo-loader.js';

/** The API's write side and read models without its HTTP and GraphQL edge: the same handlers, run in this process. */
@Module({})
export class DemoModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return { module: DemoModule, imports: [LedgerModule.forRoot(config, PROJECTIONS), CqrsModule.forRoot(), ...CAPABILITIES.map((capability) => capability.module)] };
  }
}

@Command({
  name: 'demo',
  description:
    'Load the demo partnership from the source documents (LLR framework, Leicester board, Leeds allyship, Northamptonshire lots) and a seeded year of updates, through the API’s command handlers as the operator at the console. Idempotent: a second run changes nothing. Refuses while the API runs on the same data folder.',
})
export class DemoCommand extends CommandRunner {
  async run() {
    const config = loadConfig({ NODE_ENV: 'development', ...process.env });
    const files = dataFiles(config);
    const lock = lockReadModels(files.readModelsLock, 'demo', 'Cannot load the demo');
    const log = (line: string) => process.stderr.write(`${line}\n`);
    try {
      upgradeDataFolder(config, log);
      const app = await NestFactory.createApplicationContext(DemoModule.forRoot(config), { logger: ['error'] });
      try {
        const store = app.get<EventStore>(EVENT_STORE);
        const operatorId = app.get(PersonalDataStore).identify({ issuer: OPERATOR_ISSUER, subject: userInfo().username });
        const before = await store.headPosition();
        const started = Date.now();
        const loader = new DemoLoader(app.get(CommandBus), app.get(Ledger), store, { personId: operatorId, grantId: null, role: OPERATOR, organisationId: null }, log);
        const sections = await loader.load();
        const after = await store.headPosition();
        const written = sections.reduce((sum, section) => sum + section.written, 0);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stdout.write(
          written === 0
            ? `The demo is already loaded: nothing to do (log head ${after}).\n`
            : `Loaded the demo in ${seconds}s: ${written} commands wrote events (log head ${before ?? 'empty'} → ${after}).\n`,
        );
        process.stdout.write(`LLR system partnership: ${loader.idOf('partnership:llr')}\n`);
        process.stdout.write(`Leicester City HWB: ${loader.idOf('partnership:leicester')}\n`);
        process.stdout.write(`Leeds HWB: ${loader.idOf('partnership:leeds')}\n`);
        process.stdout.write(`Northamptonshire programme: ${loader.idOf('partnership:northants')}\n`);
      } finally {
        await app.close();
      }
    } finally {
      lock.release();
    }
  }
}
