import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** Names this log in every checkpoint text, so a signature over another log's tree head cannot be passed off as ours. */
export const CHECKPOINT_ORIGIN = 'partnership-ledger/global-log/v1';

/** A tree head of the global log: the Merkle root over its first `treeSize` events. */
export type TreeHead = Readonly<{
  treeSize: number;
  /** Global position of the tree's last leaf (the event at leaf index treeSize - 1). */
  position: string;
  /** Lower-case hex of the RFC 6962 Merkle Tree Hash. */
  rootHash: string;
  /** ISO 8601 instant the checkpoint was made. */
  time: string;
}>;

export type SignedCheckpoint = TreeHead &
  Readonly<{
    /** First 8 bytes (hex) of SHA-256 over the raw 32-byte Ed25519 public key. */
    keyId: string;
    /** Base64 Ed25519 signature over `checkpointText(head)`. */
    signature: string;
  }>;

/**
 * The exact bytes a checkpoint signature covers, after the C2SP checkpoint note body
 * (origin, tree size, base64 root hash, one line each) with two extension lines, every line
 * ending in "\n":
 *
 *   partnership-ledger/global-log/v1
 *   <treeSize in decimal>
 *   <rootHash in standard base64>
 *   position <position>
 *   time <ISO 8601 instant>
 */
export function checkpointText(head: TreeHead): string {
  return [
    CHECKPOINT_ORIGIN,
    String(head.treeSize),
    Buffer.from(head.rootHash, 'hex').toString('base64'),
    `position ${head.position}`,
    `time ${head.time}`,
    '',
  ].join('\n');
}

/** The raw 32-byte Ed25519 public key (the last 32 bytes of its SPKI DER). */
const rawPublicKey = (key: KeyObject) => key.export({ format: 'der', type: 'spki' }).subarray(-32);

export function publicKeyOf(key: KeyObject): KeyObject {
  return key.type === 'private' ? createPublicKey(key) : key;
}

export function keyIdOf(key: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKeyOf(key))).digest().subarray(0, 8).toString('hex');
}

/** The public key as SPKI PEM, what an auditor needs to check signatures. */
export const publicKeyPem = (key: KeyObject): string => publicKeyOf(key).export({ format: 'pem', type: 'spki' }).toString();

function requireEd25519(key: KeyObject) {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`checkpoint keys must be Ed25519 (got ${key.asymmetricKeyType ?? key.type})`);
}

export function signCheckpoint(head: TreeHead, privateKey: KeyObject): SignedCheckpoint {
  requireEd25519(privateKey);
  const signature = sign(null, Buffer.from(checkpointText(head)), privateKey).toString('base64');
  return { treeSize: head.treeSize, position: head.position, rootHash: head.rootHash, time: head.time, keyId: keyIdOf(privateKey), signature };
}

/** Whether the checkpoint's signature is the key's over its text; a checkpoint made with another key fails. */
export function verifyCheckpoint(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  requireEd25519(publicKey);
  if (checkpoint.keyId !== keyIdOf(publicKey) || !/^[0-9a-f]{64}$/.test(checkpoint.rootHash)) return false;
  return verify(null, Buffer.from(checkpointText(checkpoint)), publicKeyOf(publicKey), Buffer.from(checkpoint.signature, 'base64'));
}
