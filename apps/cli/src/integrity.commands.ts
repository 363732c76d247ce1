import { Command, CommandRunner, Option } from 'nest-commander';
import { dataFiles, loadConfig, requireSigningKey, type LedgerConfig } from '@ledger/config';
import { createEventStore, type EventStore } from '@ledger/event-store';
import { keyIdOf, MerkleLog, publicKeyOf, publicKeyPem } from '@ledger/integrity';
import { Proofs } from '../../api/src/integrity/proofs.js';
import { upgradeDataFolder } from '../../api/src/ledger/upgrade-data.js';

/** Opens the log and its tree for one command, and closes both after it. */
async function withTree<T>(work: (tools: { config: LedgerConfig; store: EventStore; log: MerkleLog; proofs: Proofs }) => Promise<T>): Promise<T> {
  const config = loadConfig({ NODE_ENV: 'development', ...process.env });
  upgradeDataFolder(config, (message) => process.stderr.write(`${message}\n`));
  const files = dataFiles(config);
  const store = createEventStore({ sqliteFilename: files.events, sqliteSynchronous: config.sqliteSynchronous, esdbConnectionString: config.esdbConnectionString });
  const log = new MerkleLog(files.integrity);
  try {
    return await work({ config, store, log, proofs: new Proofs(log, store) });
  } finally {
    log.close();
    await store.close();
  }
}

const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** A whole number argument, or an error naming it and the rule. */
function wholeNumber(name: string, value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) throw new Error(`${name} must be a whole number (got "${value}")`);
  return parsed;
}

@Command({
  name: 'checkpoint',
  description:
    'Sign a checkpoint of the global log (tree size, position of the last event, RFC 6962 root hash, time, Ed25519 signature) and print it as JSON. When nothing was appended since the latest checkpoint, prints that one.',
})
export class CheckpointCommand extends CommandRunner {
  async run() {
    await withTree(async ({ config, proofs }) => {
      const key = requireSigningKey(config);
      const checkpoint = await proofs.checkpoint(key, config.clock());
      if (!checkpoint) throw new Error('The log is empty: there is nothing to checkpoint yet');
      printJson(checkpoint);
    });
  }
}

@Command({
  name: 'checkpoint-key',
  description: 'Print the public key that checkpoints are signed with (SPKI PEM) and its key id, for auditors.',
})
export class CheckpointKeyCommand extends CommandRunner {
  async run() {
    const config = loadConfig({ NODE_ENV: 'development', ...process.env });
    const key = requireSigningKey(config);
    process.stdout.write(`# keyId ${keyIdOf(publicKeyOf(key))}\n${publicKeyPem(key)}`);
  }
}

@Command({
  name: 'prove-inclusion',
  arguments: '<position>',
  description: 'Print, as JSON, the RFC 6962 audit path proving the event at <position> is in the tree of --tree-size events (default: the latest checkpoint).',
})
export class ProveInclusionCommand extends CommandRunner {
  async run([position]: string[], options: { treeSize?: number }) {
    await withTree(async ({ proofs }) => printJson(await proofs.inclusion(position!, options.treeSize)));
  }

  @Option({ flags: '--tree-size <n>', description: 'The tree to prove against; defaults to the latest checkpoint' })
  parseTreeSize(value: string) {
    return wholeNumber('--tree-size', value);
  }
}

@Command({
  name: 'prove-consistency',
  arguments: '<fromTreeSize> [toTreeSize]',
  description: 'Print, as JSON, the RFC 6962 proof that the tree of <fromTreeSize> events is a prefix of the tree of [toTreeSize] (default: the latest checkpoint).',
})
export class ProveConsistencyCommand extends CommandRunner {
  async run([from, to]: string[]) {
    const fromTreeSize = wholeNumber('fromTreeSize', from!);
    const toTreeSize = to === undefined ? undefined : wholeNumber('toTreeSize', to);
    await withTree(async ({ proofs }) => printJson(await proofs.consistency(fromTreeSize, toTreeSize)));
  }
}

export const INTEGRITY_COMMANDS = [CheckpointCommand, CheckpointKeyCommand, ProveInclusionCommand, ProveConsistencyCommand];
