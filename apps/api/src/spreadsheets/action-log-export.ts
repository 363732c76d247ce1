import { Inject, Injectable } from '@nestjs/common';
import type { LedgerConfig } from '@ledger/config';
import { NotFoundError } from '@ledger/domain';
import { ActionExternalIdsQueries, BoardViewsQueries, CommitmentTrackerQueries, PartnershipDirectoryQueries, type ActionFilter, type ActionKey } from '@ledger/projections';
import { LEDGER_CONFIG } from '../ledger/ledger-tokens.js';
import { STATUS_LABELS, writeActionLog, type ActionLogRow } from './action-log.csv.js';

/** Rows read from the read models at a time: an export of thousands of actions never holds one huge statement open. */
const EXPORT_PAGE = 500;

/** The board list views an export can be of, as the dashboard's fields name them. */
export const EXPORT_VIEWS = ['actions', 'overdue', 'due-soon', 'silent'] as const;
export type ExportView = (typeof EXPORT_VIEWS)[number];

/**
 * Any list of actions as the board's action log: the columns the import reads, so an exported file
 * imported again changes nothing. The external id is the one the board gave, else the action's id.
 */
@Injectable()
export class ActionLogExport {
  constructor(
    private readonly views: BoardViewsQueries,
    private readonly tracker: CommitmentTrackerQueries,
    private readonly directory: PartnershipDirectoryQueries,
    private readonly externalIds: ActionExternalIdsQueries,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'clock'>,
  ) {}

  /** A partnership's list view with its own thresholds (due soon, silent), as the dashboard shows it. */
  filterOf(partnershipId: string, view: ExportView, narrower: ActionFilter = {}): ActionFilter {
    const settings = this.views.settingsOf([partnershipId])[0];
    if (!settings) throw new NotFoundError('Partnership', partnershipId, 'partnershipId');
    const byView: Record<ExportView, ActionFilter> = {
      actions: {},
      overdue: { overdue: true },
      'due-soon': { dueWithinDays: settings.dueSoonDays },
      silent: { silentForDays: settings.silentAfterDays },
    };
    return { ...narrower, ...byView[view], partnershipId };
  }

  /** The CSV of every action the filter selects among the partnerships `visible` (null: all), by due date. */
  csv(filter: ActionFilter, visible: readonly string[] | null): string {
    const now = this.config.clock();
    const rows: ActionLogRow[] = [];
    let after: ActionKey | null = null;
    for (;;) {
      const page = this.views.actions(filter, visible, now, 'DUE_DATE_ASC', after, EXPORT_PAGE);
      rows.push(...this.rowsOf(page.map((row) => row.id)));
      if (page.length < EXPORT_PAGE) break;
      after = page.at(-1)!;
    }
    return writeActionLog(rows);
  }

  private rowsOf(actionIds: readonly string[]): ActionLogRow[] {
    const actions = this.tracker.actionsById(actionIds);
    const byId = new Map(actions.map((action) => [action.id, action]));
    const externalIds = this.externalIds.externalIdsOf(actionIds);
    const commitments = new Map(this.tracker.commitmentsById([...new Set(actions.flatMap((action) => (action.commitmentId ? [action.commitmentId] : [])))]).map((row) => [row.id, row]));
    const organisations = new Map(this.directory.organisationsById([...new Set(actions.flatMap((action) => (action.owningOrganisationId ? [action.owningOrganisationId] : [])))]).map((row) => [row.id, row.name]));
    const partnerships = new Map(this.directory.partnershipsById([...new Set(actions.flatMap((action) => (action.owningPartnershipId ? [action.owningPartnershipId] : [])))]).map((row) => [row.id, row.name]));
    return actionIds.flatMap((id) => {
      const action = byId.get(id);
      if (!action) return [];
      const latest = action.latestUpdateId ? this.tracker.update(action.latestUpdateId) : undefined;
      return [
        {
          externalId: externalIds.get(id) ?? id,
          commitment: action.commitmentId ? (commitments.get(action.commitmentId)?.title ?? action.commitmentId) : '',
          action: action.title,
          owner: (action.owningOrganisationId ? organisations.get(action.owningOrganisationId) : partnerships.get(action.owningPartnershipId!)) ?? '',
          dueDate: action.dueDate,
          status: STATUS_LABELS[action.status],
          update: latest?.whatHasHappened ?? '',
          whatMoreIsToBeDone: latest?.whatMoreIsToBeDone ?? '',
        },
      ];
    });
  }
}
