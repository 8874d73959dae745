/**
 * A typed list of listeners for model changes. Stores announce changes here so that other
 * modules (event deliveries, for one) can react without the routes knowing about them.
 */
export class ChangeFeed<Change> {
  readonly #listeners = new Set<(change: Change) => void>();

  /** Returns a function that unsubscribes. */
  subscribe(listener: (change: Change) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(change: Change): void {
    for (const listener of this.#listeners) {
      // A failing listener must not turn a committed API change into a 500.
      try {
        listener(change);
      } catch (error) {
        console.error("pulumi-opensolar simulator: a change listener failed:", error);
      }
    }
  }
}
