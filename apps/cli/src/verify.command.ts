import { Command, CommandRunner } from 'nest-commander';
import { dataFiles, loadConfig } from '@ledger/config';
import { existsSync } from 'node:fs';
import { ChainVerifier, createEventStore, type ChainReport, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { MerkleLog, publicKeyOf, recomputedLeafDataOf } from '@ledger/integrity';
import { describeTreeReport, TreeVerifier } from '../../api/src/integrity/verify-tree.js';

/** Events read per page: the log is walked in order, never held whole. */
const PAGE_SIZE = 1000;

/**
 * Reads the whole log in order and hands each event to `check` (stopping early when it returns true),
 * reporting progress about once a second. A total is given only where counting is cheap (SQLite).
 */
export async function walkLog(
  store: EventStore,
  check: (event: RecordedEvent) => boolean,
  onProgress: (done: number, total: number | null) => void,
): Promise<void> {
  const total = store.kind === 'sqlite' ? await store.countEventsAfter() : null;
  let done = 0;
  let lastReport = Date.now();
  for (let page = await store.readAll({ maxCount: PAGE_SIZE }); page.length > 0; ) {
    for (const event of page) {
      done++;
      if (check(event)) return;
    }
    if (Date.now() - lastReport > 1000) {
      lastReport = Date.now();
      onProgress(done, total);
    }
    if (page.length < PAGE_SIZE) break;
    page = await store.readAll({ after: page[page.length - 1]!.position, maxCount: PAGE_SIZE });
  }
}

/** The lines `verify` prints for a chain report; the first says whether the chains hold. */
export function describeChainReport(report: ChainReport): string[] {
  if (report.broken) {
    const { position, streamId, streamRevision, kind, message } = report.broken;
    return [
      `Chain broken at position ${position}: stream ${streamId}, revision ${streamRevision} (${kind})`,
      message,
      `${report.events} events read up to and including it; later events were not checked`,
    ];
  }
  const lines = [`Chains intact (${report.events} events, ${report.streams} streams)`];
  if (report.unchained > 0) {
    lines.push(`${report.unchained} events carry no hash (written before the log was chained): unchained, so not covered by this check`);
  }
  return lines;
}

@Command({
  name: 'verify',
  description:
    "Recompute every stream's hash chain over the whole event log and report the first broken link with its position; with it, recompute the global Merkle tree from the events and check every leaf kept for proofs and every signed checkpoint's root and signature (exit code 0 when intact, 1 when broken). Read-only; safe while the API runs.",
})
export class VerifyCommand extends CommandRunner {
  async run() {
    const config = loadConfig({ NODE_ENV: 'development', ...process.env });
    const files = dataFiles(config);
    // No upgradeDataFolder here: verify reads the log as it is, and must never repair what it checks.
    const store = createEventStore({
      sqliteFilename: files.events,
      sqliteSynchronous: config.sqliteSynchronous,
      esdbConnectionString: config.esdbConnectionString,
    });
    // The tree is checked once the ledger has one: leaves kept for proofs, or checkpoints signed.
    const log = existsSync(files.integrity) ? new MerkleLog(files.integrity) : null;
    try {
      const chains = new ChainVerifier();
      const key = config.checkpointSigningKey && publicKeyOf(config.checkpointSigningKey);
      const tree = log && (log.size() > 0 || log.latestCheckpoint()) ? new TreeVerifier(log, key, recomputedLeafDataOf) : null;
      await walkLog(
        store,
        // The tree needs every event, so the walk stops at a broken chain only when there is no tree to check.
        (event) => {
          const broken = chains.add(event) !== null;
          tree?.add(event);
          return broken && !tree;
        },
        (done, total) => process.stderr.write(`Verifying: ${done}${total === null ? '' : `/${total}`} events\n`),
      );
      const report = chains.report();
      for (const line of describeChainReport(report)) process.stdout.write(`${line}\n`);
      const treeReport = tree?.report();
      for (const line of treeReport ? describeTreeReport(treeReport) : []) process.stdout.write(`${line}\n`);
      if (report.broken || (treeReport && treeReport.problems.length > 0)) process.exitCode = 1;
    } finally {
      log?.close();
      await store.close();
    }
  }
}
