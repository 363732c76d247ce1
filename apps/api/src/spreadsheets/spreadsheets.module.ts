import { Module } from '@nestjs/common';
import { ActionExternalIdsQueries, actionExternalIdsProjection } from '@ledger/projections';
import { capability } from '../capability.js';
import { ActionLogExport } from './action-log-export.js';
import { ActionLogImport } from './action-log-import.js';
import { ActionLogController } from './action-log.controller.js';
import { SpreadsheetsResolver } from './spreadsheets.resolver.js';

@Module({ controllers: [ActionLogController], providers: [ActionLogImport, ActionLogExport, SpreadsheetsResolver], exports: [ActionLogImport, ActionLogExport] })
export class SpreadsheetsModule {}

/** Boards' spreadsheet action logs: import (CLI and GraphQL) and CSV exports of every list view. */
export const spreadsheets = capability(SpreadsheetsModule, { projections: [actionExternalIdsProjection], queries: [ActionExternalIdsQueries] });
