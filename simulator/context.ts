import type { TokenRegistry } from "./auth";
import type { Deliveries } from "./deliveries";
import type { FaultList } from "./faults";
import type { ModelStore } from "./model-store";
import type { RuntimeSettings } from "./options";
import type { RequestLog } from "./request-log";
import type { WebhookStore } from "./webhook-store";

/** The simulator's state, shared by the route modules and event deliveries. */
export interface SimulatorContext {
  readonly store: WebhookStore;
  readonly tokens: TokenRegistry;
  readonly settings: RuntimeSettings;
  readonly log: RequestLog;
  readonly faults: FaultList;
  readonly models: ModelStore;
  readonly deliveries: Deliveries;
  /** "http://host:port", set once the server listens; used for DRF's absolute links. */
  baseUrl: string;
}
