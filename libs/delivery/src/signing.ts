import { createHmac, randomBytes } from 'node:crypto';

/** A new webhook signing secret in the Standard Webhooks form: `whsec_` + base64 of 24 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * The `webhook-signature` header value of Standard Webhooks v1: `v1,` + base64 HMAC-SHA256, keyed with the
 * secret's decoded bytes, of `<webhook-id>.<webhook-timestamp>.<body>`.
 */
export function signWebhook(secret: string, id: string, timestampSec: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSec}.${body}`).digest('base64')}`;
}

/**
 * The three Standard Webhooks headers for one attempt (the id stays the same across retries). With several
 * secrets — during a rotation, the new one and the previous one — the signature header lists one signature
 * per secret, space-separated, and a receiver holding either secret can verify it.
 */
export function webhookHeaders(secrets: string | readonly string[], id: string, body: string, now: Date): Record<string, string> {
  const ts = Math.floor(now.getTime() / 1000);
  const signatures = (typeof secrets === 'string' ? [secrets] : secrets).map((s) => signWebhook(s, id, ts, body));
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signatures.join(' ') };
}
