import { readFileSync, statSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { Command, CommandRunner, Option } from 'nest-commander';
import { dataFiles, loadConfig, type LedgerConfig } from '@ledger/config';
import { PersonalDataStore } from '@ledger/personal-data';
import { AccessService } from '../../../api/src/access/access.service.js';
import { RequestAccess } from '../../../api/src/access/request-access.js';
import { upgradeDataFolder } from '../../../api/src/ledger/upgrade-data.js';
import { ActionLogExport, EXPORT_VIEWS, type ExportView } from '../../../api/src/spreadsheets/action-log-export.js';
import { ActionLogImport, IMPORT_MAX_BYTES, type ImportReport } from '../../../api/src/spreadsheets/action-log-import.js';
import { DemoModule } from '../demo/demo.command.js';
import { lockReadModels } from '../read-models-lock.js';

type Acting = { as: string; issuer?: string };

/**
 * Runs `work` with the API's command handlers and read models in this process (refused while the API
 * runs on the same data folder), as the person whose tokens name `subject`: their grants decide.
 */
async function asPerson<T>(name: string, what: string, acting: Acting, work: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>, personId: string, config: LedgerConfig) => Promise<T>): Promise<T> {
  const config = loadConfig({ NODE_ENV: 'development', ...process.env });
  const files = dataFiles(config);
  const lock = lockReadModels(files.readModelsLock, name, `Cannot ${what}`);
  try {
    upgradeDataFolder(config, (message) => process.stderr.write(`${message}\n`));
    const app = await NestFactory.createApplicationContext(DemoModule.forRoot(config), { logger: ['error'] });
    try {
      const issuer = acting.issuer ?? config.jwtIssuer;
      const personId = app.get(PersonalDataStore).personIdOf(issuer, acting.as);
      if (!personId) throw new Error(`--as ${acting.as}: nobody with subject "${acting.as}" of issuer ${issuer} is known; grant them a role first (npm run -s cli -- grant --subject ${acting.as} …)`);
      return await work(app, personId, config);
    } finally {
      await app.close();
    }
  } finally {
    lock.release();
  }
}

/** One line per row that changes or is bad, then the tally. */
export function describeImport(report: ImportReport): string {
  const lines: string[] = [];
  for (const problem of report.fileProblems) lines.push(problem.message);
  for (const row of report.rows) {
    if (row.outcome === 'UNCHANGED') continue;
    // Not written (a dry run, or bad rows elsewhere): what it would do.
    const verb = !report.applied && (row.outcome === 'CREATED' || row.outcome === 'CHANGED') ? `would be ${row.outcome.toLowerCase()}` : row.outcome.toLowerCase();
    lines.push(`row ${row.row} (${row.externalId}): ${verb}${row.changes.length > 0 ? `: ${row.changes.join('; ')}` : ''}`);
    for (const problem of row.problems) lines.push(`  ${problem.message} [${problem.rule}]`);
  }
  const count = (outcome: string) => report.rows.filter((row) => row.outcome === outcome).length;
  const tally = `${count('CREATED')} created, ${count('CHANGED')} changed, ${count('UNCHANGED')} unchanged, ${count('INVALID')} invalid, ${count('FAILED')} failed`;
  const bad = report.fileProblems.length > 0 || count('INVALID') > 0 || count('FAILED') > 0;
  if (report.dryRun) lines.push(`Dry run: ${tally}; nothing was written.`);
  else if (report.position) lines.push(`Imported: ${tally} (log position ${report.position}).`);
  else if (bad) lines.push(`Nothing was written: fix the rows above${report.fileProblems.length > 0 ? '' : ', or pass --skip-invalid to import the good ones'} (${tally}).`);
  else lines.push(`Nothing was written: every row matches the ledger (${tally}).`);
  return `${lines.join('\n')}\n`;
}

@Command({
  name: 'import-actions',
  arguments: '<file>',
  description:
    "Import a board's action log (CSV: External id, Commitment, Action, Owner, Due date, Status, Update, What more is to be done) into a partnership through the API's command handlers, " +
    'as the person --as names (their grants decide). New external ids plan actions; known ones change only what differs; unchanged rows write nothing. Any bad row: nothing changes unless --skip-invalid. ' +
    'Refuses while the API runs on the same data folder (import over GraphQL then: importActions).',
})
export class ImportActionsCommand extends CommandRunner {
  async run([file]: string[], options: Acting & { partnership: string; dryRun?: boolean; skipInvalid?: boolean }) {
    const size = statSync(file!).size;
    if (size > IMPORT_MAX_BYTES) throw new Error(`${file}: the file is ${size} bytes; at most ${IMPORT_MAX_BYTES} bytes are imported at once`);
    const text = readFileSync(file!, 'utf8');
    const report = await asPerson('import-actions', 'import the actions', options, async (app, personId) => {
      const progress = (line: string) => process.stderr.write(`${line}\n`);
      return app.get(ActionLogImport).run(options.partnership, { personId }, text, { dryRun: options.dryRun ?? false, skipInvalid: options.skipInvalid ?? false, progress });
    });
    process.stdout.write(describeImport(report));
    const bad = report.fileProblems.length > 0 || report.rows.some((row) => row.outcome === 'INVALID' || row.outcome === 'FAILED');
    if (bad) process.exitCode = 2;
  }

  @Option({ flags: '--partnership <partnershipId>', description: 'The partnership whose actions these are', required: true })
  parsePartnership(value: string) {
    return value;
  }

  @Option({ flags: '--as <subject>', description: 'Who imports: the `sub` of their tokens (e.g. as given to mint-token); they need a SECRETARIAT grant, or PARTNER for updates on their own actions', required: true })
  parseAs(value: string) {
    return value;
  }

  @Option({ flags: '--issuer <issuer>', description: 'The `iss` of their tokens; defaults to LEDGER_JWT_ISSUER' })
  parseIssuer(value: string) {
    return value;
  }

  @Option({ flags: '--dry-run', description: 'Show what each row would change; write nothing' })
  parseDryRun() {
    return true;
  }

  @Option({ flags: '--skip-invalid', description: 'Write the good rows even when some are bad (those are reported)' })
  parseSkipInvalid() {
    return true;
  }
}

@Command({
  name: 'export-actions',
  description: "Write a partnership's list of actions as a CSV action log on stdout (the columns import-actions reads), as the person --as names: whoever may read the partnership.",
})
export class ExportActionsCommand extends CommandRunner {
  async run(_args: string[], options: Acting & { partnership: string; view: ExportView; commitment?: string; organisation?: string }) {
    const csv = await asPerson('export-actions', 'export the actions', options, async (app, personId) => {
      const access = new RequestAccess({ headers: {}, caller: { personId } }, app.get(AccessService));
      await access.requireRead(options.partnership, `export the actions of partnership ${options.partnership}`);
      const exports = app.get(ActionLogExport);
      const narrower = { ...(options.commitment ? { commitmentId: options.commitment } : {}), ...(options.organisation ? { owningOrganisationId: options.organisation } : {}) };
      return exports.csv(exports.filterOf(options.partnership, options.view, narrower), await access.visiblePartnershipIds());
    });
    process.stdout.write(csv);
  }

  @Option({ flags: '--partnership <partnershipId>', description: 'The partnership whose actions to export', required: true })
  parsePartnership(value: string) {
    return value;
  }

  @Option({ flags: '--view <view>', description: `One of ${EXPORT_VIEWS.join(', ')} (the dashboard's lists)`, defaultValue: 'actions' })
  parseView(value: string): ExportView {
    if (!(EXPORT_VIEWS as readonly string[]).includes(value)) throw new Error(`--view must be one of ${EXPORT_VIEWS.join(', ')}`);
    return value as ExportView;
  }

  @Option({ flags: '--commitment <commitmentId>', description: "Only this commitment's actions" })
  parseCommitment(value: string) {
    return value;
  }

  @Option({ flags: '--organisation <organisationId>', description: "Only this organisation's actions (its work list)" })
  parseOrganisation(value: string) {
    return value;
  }

  @Option({ flags: '--as <subject>', description: 'Who exports: the `sub` of their tokens', required: true })
  parseAs(value: string) {
    return value;
  }

  @Option({ flags: '--issuer <issuer>', description: 'The `iss` of their tokens; defaults to LEDGER_JWT_ISSUER' })
  parseIssuer(value: string) {
    return value;
  }
}
