/**
 * BigCommerce signs webhook callbacks the Standard Webhooks way (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`: an HMAC-SHA256 of `id.timestamp.body`), keyed by the base64 of the app's client
 * secret. The signature covers the raw body, so it is checked before the body is parsed, and the timestamp
 * (five minutes' tolerance) is what keeps a captured request from being replayed later.
 *
 * The client secret lives in Secrets Manager as `{ "clientSecret": "…" }`. A secret that is missing or
 * malformed throws MissingSecret (naming the secret, never its value): that is a deployment problem, not a
 * forged request, so it must not be answered as one.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { MissingSecret } from './ports.ts';
import type { SecretLookup } from './secret-names.ts';

export type RequestHeaders = Record<string, string | undefined>;

/** True when the body carries a valid, fresh signature; false for any forged, stale or unsigned request. */
export type SignatureVerifier = (rawBody: string, headers: RequestHeaders) => Promise<boolean>;

const SIGNATURE_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

export interface WebhookSignatureOptions {
  /** `WEBHOOK_SECRET_NAME`. */
  secretName: string;
  /** Reads (and caches) a secret's text by name. */
  lookup: SecretLookup;
}

export function webhookSignatureVerifier({ secretName, lookup }: WebhookSignatureOptions): SignatureVerifier {
  return async (rawBody, headers) => {
    const webhook = new Webhook(Buffer.from(await clientSecret(secretName, lookup)).toString('base64'));
    try {
      // Parsing is the payload schema's job: a signed body that is not JSON is malformed, not forged.
      webhook.verify(rawBody, signatureHeaders(headers), { jsonParse: false });
      return true;
    } catch (error) {
      if (error instanceof WebhookVerificationError) return false;
      throw error;
    }
  };
}

/** Only the three signature headers, by lower-case name (HTTP header names are case-insensitive). */
function signatureHeaders(headers: RequestHeaders): Record<string, string> {
  const lowerCased = new Map(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value] as const),
  );
  const picked: Record<string, string> = {};
  for (const name of SIGNATURE_HEADERS) {
    const value = lowerCased.get(name);
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

async function clientSecret(secretName: string, lookup: SecretLookup): Promise<string> {
  const value = await lookup(secretName);
  if (value === undefined) {
    throw new MissingSecret(
      `Secret ${secretName} does not exist; create it as { "clientSecret": "…" } with the app's client secret`,
    );
  }
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      // The parser's message quotes the text it failed on, which is the secret.
      throw new MissingSecret(`Secret ${secretName} is not valid JSON`);
    }
  }
  const secret = (parsed as { clientSecret?: unknown } | null)?.clientSecret;
  if (typeof secret !== 'string' || secret === '') {
    throw new MissingSecret(`Secret ${secretName} has no "clientSecret" string`);
  }
  return secret;
}
