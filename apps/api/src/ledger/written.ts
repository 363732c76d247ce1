import type { AppendResult } from '@ledger/event-store';

/** What a command handler hands back to its resolver: the id it acted on and where its events landed. */
export type Written = Readonly<{ id: string; appended: AppendResult }>;
