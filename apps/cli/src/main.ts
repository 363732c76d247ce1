import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { DemoCommand } from './demo/demo.command.js';
import { DigestCommand } from './digest/digest.command.js';
import { ErasePersonCommand } from './erase-person.command.js';
import { ExportCommand } from './export/export.command.js';
import { ImportCommand } from './export/import.command.js';
import { GrantCommand } from './grant.command.js';
import { INTEGRITY_COMMANDS } from './integrity.commands.js';
import { MintTokenCommand } from './mint-token.command.js';
import { RebuildCommand } from './rebuild.command.js';
import { ReplayCommand } from './replay.command.js';
import { ExportActionsCommand, ImportActionsCommand } from './spreadsheets/action-log.commands.js';
import { VerifyCommand } from './verify.command.js';

@Module({ providers: [MintTokenCommand, GrantCommand, ErasePersonCommand, RebuildCommand, DemoCommand, VerifyCommand, ReplayCommand, ...INTEGRITY_COMMANDS, ExportCommand, ImportCommand, ImportActionsCommand, ExportActionsCommand, DigestCommand] })
class CliModule {}

/** Operator commands: `ledger mint-token`, `ledger grant`, `ledger erase-person`, `ledger rebuild`, `ledger demo`, `ledger verify`,
 * `ledger replay`, the tree's `checkpoint`, `checkpoint-key`, `prove-inclusion`, `prove-consistency`, `ledger export`, `ledger import` (the log), `ledger import-actions`, `ledger export-actions` (boards' CSV action logs), and `ledger digest`. */
const fail = (error: Error & { exitCode?: number }) => {
  // commander reports --help and usage mistakes as errors it has already printed.
  if ('exitCode' in error && typeof error.exitCode === 'number') process.exit(error.exitCode);
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
};

await CommandFactory.run(CliModule, {
  logger: ['error'],
  errorHandler: fail,
  serviceErrorHandler: fail,
});
