import type { RecordedRequest } from "../../../simulator";

// The fault campaign's summary: one row per scenario, printed once the file has run. The
// numbers are facts about the run (what reached the simulator, what it broke on purpose),
// never timings, so the table reads the same on a slow machine.

export interface ScenarioRow {
  readonly scenario: string;
  /** API requests the simulator received. */
  readonly requests: number;
  /** Requests the simulator broke on purpose; each one costs the provider another attempt or a fresh look. */
  readonly retries: number;
  /** Late copies (lost POSTs committed after the provider's last look) found once the ups ended. */
  readonly lateCopies: number;
  /** Duplicates left at the end, late copies included. */
  readonly duplicates: number;
  readonly orphans: number;
  /** `up` runs it took, including failed ones. */
  readonly ups: number;
  readonly converged: boolean;
}

export function faultedCount(requests: readonly RecordedRequest[]): number {
  return requests.filter((request) => request.faulted !== undefined).length;
}

export function formatTable(rows: readonly ScenarioRow[]): string {
  const header = ["scenario", "requests", "retries", "late copies", "duplicates", "orphans", "ups", "converged"];
  const cells = rows.map((row) => [
    row.scenario,
    String(row.requests),
    String(row.retries),
    String(row.lateCopies),
    String(row.duplicates),
    String(row.orphans),
    String(row.ups),
    row.converged ? "yes" : "NO",
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => (line[column] ?? "").length)));
  const format = (line: readonly string[]) =>
    line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(" | ");
  const rule = widths.map((width) => "-".repeat(width)).join("-|-");
  return [format(header), rule, ...cells.map(format)].join("\n");
}
