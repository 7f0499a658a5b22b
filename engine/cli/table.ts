/** Renders rows as a plain-text table with left-aligned columns, for terminal output. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** Formats a duration in milliseconds as `850 ms`, `12.4 s` or `3 min 5 s`. */
export function formatDuration(milliseconds: number | null): string {
  if (milliseconds === null) {
    return '-';
  }
  if (milliseconds < 1000) {
    return `${milliseconds} ms`;
  }
  if (milliseconds < 60_000) {
    return `${(milliseconds / 1000).toFixed(1)} s`;
  }
  const minutes = Math.floor(milliseconds / 60_000);
  return `${minutes} min ${Math.round((milliseconds % 60_000) / 1000)} s`;
}

/** Formats `{ valid: 3, invalid: 1, error: 0 }` as `valid 3, invalid 1`: ports with records, or `-` when none has any. */
export function formatPortCounts(outputs: Readonly<Record<string, number>>): string {
  const shown = Object.entries(outputs).filter(([, count]) => count > 0);
  return shown.length === 0 ? '-' : shown.map(([port, count]) => `${port} ${count}`).join(', ');
}

/** Formats an ISO time as `2026-12-04 23:47:30Z`: to the second, in UTC, as every table shows times. */
export function formatTime(iso: string | null): string {
  return iso === null ? '-' : iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}
