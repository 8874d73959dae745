/** The OpenSolar webhook API simulator: `pulumi-opensolar/simulator`. */
export { EXPRESS_MISSING_CODE, startSimulator } from "./start";
export { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "./defaults";
export { ModelChangeError } from "./models";
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
