/**
 * Value functions shared by normalization, planning and verification: how loosely typed wire values are read,
 * and when two canonical values count as equal.
 */

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** BigCommerce's PHP backend renders an empty object as `[]`; both mean "nothing here". */
export const isEmptyObject = (value: unknown): boolean =>
  (Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0);

/** A number, or a numeric string such as `"7.0000"`; `undefined` when it is neither. */
export const readNumber = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
};

/**
 * `true`/`false`, `"true"`/`"false"`, `"1"`/`"0"`, `1`/`0`, and `""` (how PHP renders false); `undefined` for
 * anything else.
 */
export const readFlag = (value: unknown): boolean | undefined => {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0' || text === '') return false;
  }
  return undefined;
};

/** BigCommerce renders decimals with 4 places (`"7.0000"`), so equality is judged at that precision. */
const sameAmount = (a: number, b: number): boolean => Math.round(a * 10_000) === Math.round(b * 10_000);

/** Structural equality with numbers compared at 4 decimals; a missing key equals an `undefined` one. */
export const sameValue = (a: unknown, b: unknown): boolean => {
  if (typeof a === 'number' && typeof b === 'number') return sameAmount(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameValue(item, b[index]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return a === b;
};

/** `['zones', 0, 'methods', 1, 'rate']` → `zones[0].methods[1].rate`. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    const name = String(segment);
    return text ? `${text}.${name}` : name;
  }, '');

/** Values as an operator reads them in a one-line summary. */
export const formatValue = (value: unknown): string => {
  if (value === undefined) return '(none)';
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (isRecord(value)) {
    return `{ ${Object.entries(value)
      .map(([key, item]) => `${key}: ${formatValue(item)}`)
      .join(', ')} }`;
  }
  return String(value);
};
