/** The OpenSolar webhook API simulator: `pulumi-opensolar/simulator`. */
export { startSimulator } from "./server";
export { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "./defaults";
export { ModelChangeError } from "./model-change-error";
export type {
  DeliveryLogEntry,
  DeliveryOptions,
  FaultKind,
  FaultRule,
  ModelChange,
  ModelChangeInput,
  ModelChangeResult,
  ModelEvent,
  ModelName,
  ModelRecord,
  QueuedDelivery,
  RecordedRequest,
  Simulator,
  SimulatorDeliveries,
  SimulatorModels,
  SimulatorOptions,
  SimulatorSettingsPatch,
  StoredWebhook,
  WebhookFieldsPatch,
} from "./types";
