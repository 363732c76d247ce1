import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks (https://www.standardwebhooks.com) signing: the secret is `whsec_` and the base64
 * of its key bytes; the signature of a message is `v1,` and the base64 HMAC-SHA256, under those
 * bytes, of `<webhook-id>.<webhook-timestamp>.<body>`. node:crypto does it; no dependency needed.
 */
export const SECRET_PREFIX = 'whsec_';

/**
 * A webhook's secret, derived rather than stored: HMAC-SHA256 under the API's key of the webhook id
 * and its secret version (1, then one more each rotation). Nothing on disk or in the log holds it; the
 * register and rotate payloads show it once, and a rotation (a new version) makes the old one useless.
 */
export function webhookSecret(key: string, webhookId: string, secretVersion: number): string {
  const bytes = createHmac('sha256', key).update(`partnership-ledger webhook secret\u0000${webhookId}\u0000${secretVersion}`).digest();
  return `${SECRET_PREFIX}${bytes.toString('base64')}`;
}

/** The `webhook-signature` header of one attempt. */
export function signWebhook(secret: string, webhookId: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64')}`;
}
