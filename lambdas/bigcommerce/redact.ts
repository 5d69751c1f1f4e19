/**
 * Masks secret values (the access token, a carrier connection's fields) in text that came back from BigCommerce,
 * which may echo a submitted field in its error message.
 */
const REDACTED = '[redacted]';
/** Shorter values (`"1"`, `"US"`) would mask ordinary words without protecting anything. */
const MIN_SECRET_LENGTH = 4;

/** Every string and number inside a value, however deep, long enough to be masked; booleans are not secrets. */
export function secretStrings(value: unknown): string[] {
  if (typeof value === 'string') return value.length >= MIN_SECRET_LENGTH ? [value] : [];
  if (typeof value === 'number') return String(value).length >= MIN_SECRET_LENGTH ? [String(value)] : [];
  if (Array.isArray(value)) return value.flatMap(secretStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(secretStrings);
  return [];
}

/** `text` with every secret found in `secrets` (a value, a list or an object of them) masked. */
export function redact(text: string, secrets: unknown): string {
  // Longest first, so a secret containing another is masked whole.
  const values = [...new Set(secretStrings(secrets))].sort((a, b) => b.length - a.length);
  return values.reduce((masked, secret) => masked.split(secret).join(REDACTED), text);
}

/**
 * `value` with every string in it redacted, before it is described: once a body is joined, collapsed or
 * JSON-encoded, an echoed secret may no longer read as it was sent.
 */
export function redactWithin(value: unknown, secrets: unknown): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactWithin(item, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactWithin(item, secrets)]));
  }
  return value;
}
