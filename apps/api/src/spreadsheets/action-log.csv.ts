import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ACTION_STATUSES, type ActionStatus } from '@ledger/domain';

/**
 * The columns of a board's action log, as the import reads them and every export writes them, in
 * this order. Headers match whatever their case, spacing and punctuation ("Due date", "due_date").
 */
export const ACTION_LOG_COLUMNS = [
  { key: 'externalId', header: 'External id', aliases: ['ref', 'reference', 'id'], required: true },
  { key: 'commitment', header: 'Commitment', aliases: [], required: false },
  { key: 'action', header: 'Action', aliases: ['title'], required: true },
  { key: 'owner', header: 'Owner', aliases: ['lead organisation', 'organisation'], required: true },
  { key: 'dueDate', header: 'Due date', aliases: ['due', 'deadline'], required: true },
  { key: 'status', header: 'Status', aliases: [], required: true },
  { key: 'update', header: 'Update', aliases: ['what has happened', 'progress'], required: false },
  { key: 'whatMoreIsToBeDone', header: 'What more is to be done', aliases: ['next steps'], required: false },
] as const;

export type ActionLogColumn = (typeof ACTION_LOG_COLUMNS)[number]['key'];
export type ActionLogRow = Readonly<Record<ActionLogColumn, string>>;

/** A row as read: its number in the file (the header is row 1, as a spreadsheet numbers it) and its cells. */
export type NumberedRow = Readonly<{ row: number; cells: ActionLogRow }>;

/** What is wrong with a file or one of its rows: the row (null for the file), the column, the rule broken. */
export type RowProblem = Readonly<{ row: number | null; column: string | null; rule: string; message: string }>;

export class ActionLogFileError extends Error {
  constructor(readonly problem: RowProblem) {
    super(problem.message);
    this.name = 'ActionLogFileError';
  }
}

const headerKey = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Formula prefixes a spreadsheet would run (OWASP "CSV injection"); an export writes them after a quote. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A cell the export neutralised: the quote goes on the way back in, so a round trip changes nothing. */
const NEUTRALISED = /^'[=+\-@\t\r]/;

/** A cell as the import reads it: trimmed, and without the quote an export put before a formula character. */
const cellValue = (raw: string) => {
  const value = raw.trim();
  return NEUTRALISED.test(value) ? value.slice(1) : value;
};

/** A cell as an export writes it: text that would start a formula gets a leading quote, so it shows as text. */
export const neutralised = (value: string) => (FORMULA_START.test(value) ? `'${value}` : value);

/**
 * Reads an action log: a header row naming the columns (extra columns are ignored, so a board's own
 * notes may stay), then one action a row. Blank rows are skipped. A file without a required column,
 * or that is not CSV, is refused as a whole.
 */
export function readActionLog(text: string, maxRows: number): NumberedRow[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ActionLogFileError({ row: line ?? null, column: null, rule: 'csv', message: `The file is not valid CSV${line ? ` (near row ${line})` : ''}: ${(error as Error).message}` });
  }
  const [header, ...rows] = records;
  if (!header) throw new ActionLogFileError({ row: 1, column: null, rule: 'header', message: 'The file is empty: the first row must name the columns' });
  const positions = new Map<ActionLogColumn, number>();
  header.forEach((name, index) => {
    const key = headerKey(name);
    const column = ACTION_LOG_COLUMNS.find((candidate) => headerKey(candidate.header) === key || candidate.aliases.some((alias) => headerKey(alias) === key));
    if (column && !positions.has(column.key)) positions.set(column.key, index);
  });
  for (const column of ACTION_LOG_COLUMNS) {
    if (column.required && !positions.has(column.key)) {
      throw new ActionLogFileError({ row: 1, column: column.header, rule: 'header', message: `Row 1 (the header) has no "${column.header}" column; the columns are ${ACTION_LOG_COLUMNS.map((c) => `"${c.header}"`).join(', ')}` });
    }
  }
  const numbered: NumberedRow[] = [];
  rows.forEach((record, index) => {
    if (record.every((cell) => cell.trim() === '')) return;
    const cells = Object.fromEntries(ACTION_LOG_COLUMNS.map((column) => [column.key, cellValue(record[positions.get(column.key) ?? -1] ?? '')])) as ActionLogRow;
    numbered.push({ row: index + 2, cells });
  });
  if (numbered.length > maxRows) {
    throw new ActionLogFileError({ row: null, column: null, rule: 'maxRows', message: `The file has ${numbered.length} actions; at most ${maxRows} are imported at once` });
  }
  return numbered;
}

/** Writes rows under the header, every cell neutralised against formulas. */
export function writeActionLog(rows: readonly ActionLogRow[]): string {
  return stringify(
    rows.map((row) => ACTION_LOG_COLUMNS.map((column) => neutralised(row[column.key]))),
    { header: true, columns: ACTION_LOG_COLUMNS.map((column) => column.header), record_delimiter: 'windows' },
  );
}

/** "On track" as a board writes it, or ON_TRACK as the API does. */
export const STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
  NOT_STARTED: 'Not started',
  ON_TRACK: 'On track',
  AT_RISK: 'At risk',
  OFF_TRACK: 'Off track',
  COMPLETED: 'Completed',
  CANCELLED: 'Cancelled',
};

export function statusOf(value: string): ActionStatus | null {
  const key = value.trim().toUpperCase().replace(/[\s-]+/g, '_');
  if ((ACTION_STATUSES as readonly string[]).includes(key)) return key as ActionStatus;
  if (key === 'COMPLETE' || key === 'DONE') return 'COMPLETED';
  if (key === 'CANCELED') return 'CANCELLED';
  return null;
}

/** YYYY-MM-DD, or DD/MM/YYYY as UK spreadsheets write dates; null for anything else. */
export function dueDateOf(value: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const [year, month, day] = iso ? [iso[1]!, iso[2]!, iso[3]!] : uk ? [uk[3]!, uk[2]!.padStart(2, '0'), uk[1]!.padStart(2, '0')] : [];
  if (!year) return null;
  const date = `${year}-${month}-${day}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? date : null;
}
