/** The OpenSolar webhook API simulator: `pulumi-opensolar/simulator`. */
export { startSimulator } from "./server";
export { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "./defaults";
export type {
  FaultKind,
  FaultRule,
  RecordedRequest,
  Simulator,
  SimulatorOptions,
  SimulatorSettingsPatch,
  StoredWebhook,
  WebhookFieldsPatch,
} from "./types";
