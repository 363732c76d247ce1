import type { ActionStatus } from '../actions/action.events.js';

/** A board's traffic light for an action: how worried to be about it today. */
export const RAGS = ['GREEN', 'AMBER', 'RED', 'GREY'] as const;
export type Rag = (typeof RAGS)[number];

/** The partnership settings that tune RAG, "due soon" and "silent" (see `BoardSettings`). */
export type RagThresholds = Readonly<{ amberWithinDays: number }>;

/** What RAG is judged from: the action's dates as facts, never a RAG stored earlier (it goes stale overnight). */
export type RagFacts = Readonly<{
  status: ActionStatus;
  /** YYYY-MM-DD in the partnership's calendar. */
  dueDate: string;
  /** The business date it was completed; null while it is not COMPLETED. */
  completedOn: string | null;
  /** Its commitment was closed (achieved, missed or withdrawn): nothing more is expected of it. */
  commitmentClosed: boolean;
}>;

/** The date `days` calendar days after (or before, if negative) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, day! + days)).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * An action's RAG on `today` (the partnership's calendar date), the one rule every view uses:
 * - RED: OFF_TRACK, or open and past its due date (overdue outranks a hopeful ON_TRACK);
 * - AMBER: AT_RISK, or NOT_STARTED and due within `amberWithinDays`; also COMPLETED after its due
 *   date: done, but late, so the slip stays visible without reading as a live problem;
 * - GREEN: ON_TRACK, or COMPLETED by its due date;
 * - GREY: NOT_STARTED and not due soon;
 * - null (no light): CANCELLED, or still open under a commitment the board has closed — nothing more
 *   is expected of either, so neither counts in a RAG mix (they still count by status).
 */
export function ragOf(action: RagFacts, today: string, { amberWithinDays }: RagThresholds): Rag | null {
  const { status, dueDate, completedOn } = action;
  if (status === 'CANCELLED') return null;
  if (status === 'COMPLETED') return completedOn !== null && completedOn > dueDate ? 'AMBER' : 'GREEN';
  if (action.commitmentClosed) return null;
  if (status === 'OFF_TRACK' || dueDate < today) return 'RED';
  if (status === 'AT_RISK') return 'AMBER';
  if (status === 'ON_TRACK') return 'GREEN';
  return dueDate <= addDays(today, amberWithinDays) ? 'AMBER' : 'GREY';
}
