import { ListValue, NullValue, Struct, Value } from "google-protobuf/google/protobuf/struct_pb";

// Property values as the engine sends them (google.protobuf.Struct) and as the provider's
// modules take them (plain JavaScript). A secret travels as an object with a signature key:
// it is unwrapped on the way in, so no module sees the wrapper, and the properties the
// resource declares secret are wrapped again on the way out, whatever came in. Unknowns
// (preview) travel as a sentinel string and pass through untouched.

/** The signature key of a special value, and its value for a secret (sdk/go/common/resource/sig). */
export const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

export type PropertyValues = Record<string, unknown>;

/** The values of a Struct, every secret unwrapped (at any depth). */
export function fromStruct(struct: Struct | undefined): PropertyValues {
  if (struct === undefined) return {};
  const result: PropertyValues = {};
  for (const [key, value] of struct.getFieldsMap().entries()) result[key] = fromValue(value);
  return result;
}

function fromValue(value: Value): unknown {
  switch (value.getKindCase()) {
    case Value.KindCase.NULL_VALUE:
      return null;
    case Value.KindCase.NUMBER_VALUE:
      return value.getNumberValue();
    case Value.KindCase.STRING_VALUE:
      return value.getStringValue();
    case Value.KindCase.BOOL_VALUE:
      return value.getBoolValue();
    case Value.KindCase.LIST_VALUE:
      return (value.getListValue()?.getValuesList() ?? []).map(fromValue);
    case Value.KindCase.STRUCT_VALUE: {
      const object = fromStruct(value.getStructValue());
      return isSecretWrapper(object) ? object["value"] : object;
    }
    default:
      return null;
  }
}

/** Whether a value is the engine's secret wrapper. */
export function isSecretWrapper(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as PropertyValues)[SIGNATURE_KEY] === SECRET_SIGNATURE;
}

/** The wrapper that keeps `value` secret in state and in the engine's output. */
export function secret(value: unknown): PropertyValues {
  return { [SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

/**
 * A Struct of `values`, each property named in `secretKeys` wrapped as a secret. Undefined
 * properties are left out: the engine records no property rather than a null one.
 */
export function toStruct(values: PropertyValues, secretKeys: readonly string[] = []): Struct {
  const struct = new Struct();
  const fields = struct.getFieldsMap();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    fields.set(key, toValue(secretKeys.includes(key) && !isSecretWrapper(value) ? secret(value) : value));
  }
  return struct;
}

function toValue(value: unknown): Value {
  const result = new Value();
  if (value === null || value === undefined) result.setNullValue(NullValue.NULL_VALUE);
  else if (typeof value === "string") result.setStringValue(value);
  else if (typeof value === "number") result.setNumberValue(value);
  else if (typeof value === "boolean") result.setBoolValue(value);
  else if (Array.isArray(value)) {
    const list = new ListValue();
    list.setValuesList(value.map((item) => toValue(item === undefined ? null : item)));
    result.setListValue(list);
  } else if (typeof value === "object") result.setStructValue(toStruct(value as PropertyValues));
  else throw new TypeError(`pulumi-opensolar plugin: a property value of type ${typeof value} cannot be sent to the engine.`);
  return result;
}
