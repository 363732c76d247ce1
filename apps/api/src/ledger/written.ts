import type { AppendResult, CommandResult } from '@ledger/event-store';

/** What a command handler hands back to its resolver: the id it acted on and where its events landed. */
export type Written = Readonly<{ id: string; appended: AppendResult }>;

export function written(id: string, result: CommandResult<unknown>): Written {
  if (!result.appended) throw new Error(`Command on ${id} wrote no events`);
  return { id, appended: result.appended };
}
