import { describe, expect, it } from '@jest/globals';
import { ActionLogFileError, dueDateOf, neutralised, readActionLog, statusOf, writeActionLog, type ActionLogRow } from './action-log.csv.js';

const row: ActionLogRow = {
  externalId: 'LLR-7a',
  commitment: 'Action 7: Health equity dashboards',
  action: 'Adopt a standard HEA tool, at planning',
  owner: 'Leicester City Council',
  dueDate: '2021-10-30',
  status: 'On track',
  update: '=HYPERLINK("http://evil.example","x")',
  whatMoreIsToBeDone: '-1 week slip; "quoted"\nsecond line',
};

describe('the action log CSV', () => {
  it('reads back exactly what it writes, formulas neutralised in the file and restored on reading', () => {
    const csv = writeActionLog([row]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).not.toMatch(/(^|,)"?=/m);
    expect(readActionLog(csv, 10)).toEqual([{ row: 2, cells: row }]);
  });

  it('matches headers in any case and spacing, ignores other columns and blank rows, and numbers rows as a spreadsheet does', () => {
    const rows = readActionLog('\uFEFFNotes,EXTERNAL_ID,action,owner,due date,STATUS\nx,A1,Plan,Council,01/02/2022,done\n,,,,,\ny,A2,Plan 2,Council,2022-02-02,at risk\n', 10);
    expect(rows.map((read) => [read.row, read.cells.externalId, read.cells.commitment, read.cells.dueDate])).toEqual([
      [2, 'A1', '', '01/02/2022'],
      [4, 'A2', '', '2022-02-02'],
    ]);
  });

  it('refuses a file without a required column, or over the row limit, naming what is wrong', () => {
    expect(() => readActionLog('External id,Action,Owner,Status\n', 10)).toThrow('Row 1 (the header) has no "Due date" column');
    const many = `External id,Action,Owner,Due date,Status\n${'a,b,c,2022-01-01,On track\n'.repeat(3)}`;
    expect(() => readActionLog(many, 2)).toThrow(ActionLogFileError);
    expect(() => readActionLog('External id,Action\n"unterminated,x\n', 2)).toThrow(/not valid CSV/);
  });

  it('reads statuses as boards write them and dates as ISO or UK day/month/year, refusing impossible dates', () => {
    expect(['On track', 'ON_TRACK', 'not-started', 'Complete', 'Canceled', 'Green'].map(statusOf)).toEqual(['ON_TRACK', 'ON_TRACK', 'NOT_STARTED', 'COMPLETED', 'CANCELLED', null]);
    expect(['2021-10-30', '30/10/2021', '1/2/2022', '31/02/2022', '2021-13-01', '10/30/2021', 'soon'].map(dueDateOf)).toEqual(['2021-10-30', '2021-10-30', '2022-02-01', null, null, null, null]);
  });

  it('quotes only cells a spreadsheet would run', () => {
    expect(['=1+1', '+44 113', '-', '@SUM(A1)', '\tx', 'Plain text', "'already"].map(neutralised)).toEqual(["'=1+1", "'+44 113", "'-", "'@SUM(A1)", "'\tx", 'Plain text', "'already"]);
  });
});
