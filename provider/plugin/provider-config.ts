import { CONFIG_KEYS, isUnknown, registerSecret, resolveSettings, type ConfigSource } from "./backend";
import type { PropertyValues } from "./properties";

// The `opensolar` provider's own configuration: the stack's `opensolar:*` config for the
// default provider, or the arguments of an explicit `new pulumi.ProviderResource("opensolar",
// …)`. CheckConfig validates each property on its own, with the same rules as the
// provider's settings, and names the property, never its value. Configure hands the values
// to the implementation as a config source, so explicit arguments are honoured.

export type ConfigProperty = keyof typeof CONFIG_KEYS;
export const CONFIG_PROPERTIES = Object.keys(CONFIG_KEYS) as ConfigProperty[];
/** Kept secret in state and output. */
export const SECRET_CONFIG = ["apiToken"] as const;
/** Properties the engine itself adds to a provider's inputs. */
const ENGINE_PROPERTIES = new Set(["version", "pluginDownloadURL"]);

export interface ConfigFailure {
  readonly property: string;
  readonly reason: string;
}

function isConfigProperty(key: string): key is ConfigProperty {
  return Object.hasOwn(CONFIG_KEYS, key);
}

/**
 * A config value as text, as stack config holds it. The engine JSON-encodes values that are
 * not strings for older providers; an explicit provider may send them typed.
 */
function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Failures of the provider's arguments, one per bad property; values are never quoted. */
export function checkConfig(news: PropertyValues): ConfigFailure[] {
  const failures: ConfigFailure[] = [];
  for (const [key, value] of Object.entries(news)) {
    if (ENGINE_PROPERTIES.has(key) || value === undefined || value === null || isUnknown(value)) continue;
    if (!isConfigProperty(key)) {
      // Named in the reason only: the engine shows the value of the property a failure names.
      failures.push({
        property: "",
        reason: `${printableKey(key)} is not a setting of the opensolar provider (the settings are ${CONFIG_PROPERTIES.join(", ")})`,
      });
      continue;
    }
    const problem = problemOf(key, value);
    if (problem !== undefined) failures.push({ property: key, reason: problem });
  }
  return failures;
}

function problemOf(key: ConfigProperty, value: unknown): string | undefined {
  if (typeof value === "object") return `${key} must be a ${key === "debug" ? "boolean" : key === "apiToken" || key === "baseUrl" ? "string" : "number"}`;
  const text = asText(value) ?? "";
  switch (key) {
    case "apiToken":
      if (typeof value !== "string") return "apiToken must be a string: the OpenSolar API token";
      registerSecret(value);
      if (value.trim() === "") return "apiToken is empty: set the OpenSolar API token (pulumi config set --secret opensolar:apiToken)";
      if (/[\s\p{Cc}]/u.test(value)) return "apiToken contains white space or a control character: copy the token again without it";
      return undefined;
    case "debug":
      if (typeof value === "boolean" || ["true", "false", "1", "0"].includes(text)) return undefined;
      return "debug must be true or false";
    default:
      try {
        // The settings' own parsing, on this property alone and without the environment.
        resolveSettings({ get: (name) => (name === CONFIG_KEYS[key] ? text : undefined) }, {});
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : `${key} is not valid`;
      }
  }
}

/** A property name as it can be printed on one line. */
function printableKey(key: string): string {
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return JSON.stringify(shown);
}

/**
 * Where the implementation reads its settings for one provider: the explicit arguments
 * first, then the deprecated `variables` map (`opensolar:config:<key>`). The environment
 * comes after both (resolveSettings).
 */
export function configSourceOf(args: PropertyValues, variables: ReadonlyMap<string, string>): ConfigSource {
  const byKey = new Map<string, string>();
  for (const property of CONFIG_PROPERTIES) {
    const fullKey = CONFIG_KEYS[property];
    const fromArgs = isUnknown(args[property]) ? undefined : asText(args[property]);
    const [namespace] = fullKey.split(":");
    const text = fromArgs ?? variables.get(`${namespace}:config:${property}`) ?? variables.get(fullKey);
    if (text !== undefined) byKey.set(fullKey, text);
  }
  return { get: (key) => byKey.get(key) };
}

/** The settings that differ between two sets of provider arguments (values compare as text). */
export function changedConfig(olds: PropertyValues, news: PropertyValues): ConfigProperty[] {
  return CONFIG_PROPERTIES.filter((key) => isUnknown(news[key]) || asText(olds[key]) !== asText(news[key]));
}
