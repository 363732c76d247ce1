import { ReadModelLock, ReadModelsInUseError } from '@ledger/projections';

/**
 * The read models' lock for a command that runs projections (`rebuild`, `demo`): beside a live API
 * they would race its checkpoints and skip history, so the command is refused instead.
 */
export function lockReadModels(lockFile: string, holder: string, refusal: string) {
  try {
    return ReadModelLock.acquire(lockFile, holder);
  } catch (error) {
    if (!(error instanceof ReadModelsInUseError)) throw error;
    throw new Error(`${refusal}: ${error.message}. Stop the API (or wait for the other ${holder}) and run ${holder} again; nothing was changed.`);
  }
}
