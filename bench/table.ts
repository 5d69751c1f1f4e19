/** Plain-text tables and number formats for the benchmark report. */

type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => {
        const width = widths[index] ?? 0;
        return columns[index]?.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((column) => column.header)),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
  ].join('\n');
}

/** Thousands separators, no decimals: 1234567.8 → "1,234,568". */
export const integer = (value: number): string => Math.round(value).toLocaleString('en-US');

/** Fixed decimals: fixed(12.345, 1) → "12.3". */
export const fixed = (value: number, digits: number): string => value.toFixed(digits);

export const mebibytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
