/** Injection tokens of the ledger's own values, apart from the module so its providers can import them. */
export const LEDGER_CONFIG = 'LEDGER_CONFIG';
export const READ_MODEL_DATABASE = 'READ_MODEL_DATABASE';
