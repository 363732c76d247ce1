import { addDays } from '../../apps/cli/src/demo/demo-data.js';

/** What the figures of an action need, worked out by a test from the demo's inputs. */
export type ActionFacts = Readonly<{ status: string; dueDate: string; completedOn: string | null; lastReportedOn: string | null; plannedOn: string }>;

/**
 * An action summary following the README's definitions, written out again rather than calling the
 * server's rule, judged on `today`, with the defaults every demo partnership keeps: amber within 14
 * days, silent after 30, due soon within 14.
 */
export function figuresOf(actions: readonly ActionFacts[], today: string) {
  const open = (a: ActionFacts) => a.status !== 'COMPLETED' && a.status !== 'CANCELLED';
  const overdue = (a: ActionFacts) => open(a) && a.dueDate < today;
  const rag = (a: ActionFacts) => {
    if (a.status === 'COMPLETED') return a.completedOn! <= a.dueDate ? 'green' : 'amber';
    if (a.status === 'OFF_TRACK' || overdue(a)) return 'red';
    if (a.status === 'AT_RISK') return 'amber';
    if (a.status === 'ON_TRACK') return 'green';
    return a.dueDate <= addDays(today, 14) ? 'amber' : 'grey';
  };
  const count = (keep: (a: ActionFacts) => boolean) => actions.filter(keep).length;
  const completed = count((a) => a.status === 'COMPLETED');
  const completedOnTime = count((a) => a.status === 'COMPLETED' && a.completedOn! <= a.dueDate);
  const reported = actions.map((a) => a.lastReportedOn).filter((date): date is string => date !== null).sort();
  return {
    total: actions.length,
    byStatus: ['NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'COMPLETED', 'CANCELLED'].map((status) => ({ status, count: count((a) => a.status === status) })),
    byRag: { green: count((a) => rag(a) === 'green'), amber: count((a) => rag(a) === 'amber'), red: count((a) => rag(a) === 'red'), grey: count((a) => rag(a) === 'grey'), none: 0 },
    overdue: count(overdue),
    dueSoon: count((a) => open(a) && a.dueDate >= today && a.dueDate <= addDays(today, 14)),
    silent: count((a) => open(a) && (a.lastReportedOn ?? a.plannedOn) <= addDays(today, -30)),
    completed,
    completedOnTime,
    completedOnTimeShare: completed === 0 ? null : completedOnTime / completed,
    lastReportedOn: reported.at(-1) ?? null,
  };
}

export const SUMMARY_FIELDS =
  'total byStatus { status count } byRag { green amber red grey none } overdue dueSoon silent completed completedOnTime completedOnTimeShare lastReportedOn';
