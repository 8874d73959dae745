import type { DeliveryLogEntry } from "./types";

// Enough for any test run; a simulator left running for days must not grow without end.
const MAX_ENTRIES = 10_000;

/** Every delivery attempt, oldest first, across orgs. */
export class DeliveryLog {
  #entries: Array<{ orgId: number; entry: DeliveryLogEntry }> = [];
  #nextId = 1;

  add(orgId: number, fields: Omit<DeliveryLogEntry, "id">): DeliveryLogEntry {
    const entry: DeliveryLogEntry = { id: this.#nextId++, ...fields };
    this.#entries.push({ orgId, entry });
    if (this.#entries.length > MAX_ENTRIES) this.#entries.shift();
    return { ...entry };
  }

  list(orgId?: number): DeliveryLogEntry[] {
    return this.#entries.filter((logged) => orgId === undefined || logged.orgId === orgId).map(({ entry }) => ({ ...entry }));
  }
}
