import { selectPayloadFields } from "./payload-fields";
import type { ModelChange, ModelName } from "./types";

const MODEL_TITLES: Readonly<Record<ModelName, "Project" | "Contact" | "Event">> = {
  project: "Project",
  contact: "Contact",
  event: "Event",
};

/** The documented body of one delivery; `fields` only for CREATE and UPDATE. */
export function deliveryPayload(change: ModelChange, payloadFields: readonly string[] | null): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    timestamp: change.timestamp,
    model: MODEL_TITLES[change.model],
    model_id: change.model_id,
    identifier: change.identifier,
    event: change.event,
    event_id: change.event_id,
  };
  if (change.event !== "DELETE") payload["fields"] = selectPayloadFields(change.fields, change.model, payloadFields);
  return payload;
}
