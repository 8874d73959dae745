// OpenSolar's documented default field lists (seed page). The simulator applies them as
// OpenSolar does, on create with a blank or null list; the lists are the provider's own.
export { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "../provider/defaults";
