/**
 * Removes secret values from text that came from outside (for example BigCommerce's error message after a
 * carrier connection attempt, which could echo a submitted field back).
 */
const REDACTED = '[redacted]';
/** Shorter values are too likely to occur by chance (`US`, `1`) to be worth masking. */
const MIN_SECRET_LENGTH = 4;

export function secretStrings(value: unknown): string[] {
  if (typeof value === 'string') return value.length >= MIN_SECRET_LENGTH ? [value] : [];
  if (typeof value === 'number') return String(value).length >= MIN_SECRET_LENGTH ? [String(value)] : [];
  if (Array.isArray(value)) return value.flatMap(secretStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(secretStrings);
  return [];
}

export function redact(text: string, secrets: unknown): string {
  // Longest first, so a secret containing another is masked whole.
  const values = [...new Set(secretStrings(secrets))].sort((a, b) => b.length - a.length);
  return values.reduce((masked, secret) => masked.split(secret).join(REDACTED), text);
}
