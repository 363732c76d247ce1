import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { dataFiles, type LedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { MerkleLog } from '@ledger/integrity';
import { capability } from '../capability.js';
import { LEDGER_CONFIG } from '../ledger/ledger.module.js';
import { IntegrityResolver } from './integrity.resolver.js';
import { Proofs } from './proofs.js';

/** Signs a checkpoint every LEDGER_CHECKPOINT_INTERVAL (when set) and closes the tree's file on shutdown. */
@Injectable()
class Checkpointer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Checkpoints');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly log: MerkleLog,
    private readonly proofs: Proofs,
  ) {}

  onApplicationBootstrap() {
    const { checkpointIntervalSeconds: seconds, checkpointSigningKey: key } = this.config;
    if (seconds === 0 || !key) return;
    this.timer = setInterval(() => {
      // One at a time: a slow sync is never overlapped by the next tick.
      this.running ??= this.proofs
        .checkpoint(key, this.config.clock())
        .then((made) => {
          if (made) this.logger.log(`Checkpoint at tree size ${made.treeSize}, root ${made.rootHash}`);
        })
        .catch((error: Error) => this.logger.error(`Checkpoint failed: ${error.message}`))
        .finally(() => (this.running = undefined));
    }, seconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.running;
    this.log.close();
  }
}

@Module({
  providers: [
    { provide: MerkleLog, inject: [LEDGER_CONFIG], useFactory: (config: LedgerConfig) => new MerkleLog(dataFiles(config).integrity) },
    { provide: Proofs, inject: [MerkleLog, EVENT_STORE], useFactory: (log: MerkleLog, store: EventStore) => new Proofs(log, store) },
    Checkpointer,
    IntegrityResolver,
  ],
})
export class IntegrityModule {}

/** Signed checkpoints of the global log, inclusion and consistency proofs. */
export const integrity = capability(IntegrityModule);
