import type * as pulumi from "@pulumi/pulumi";
import { randomUUID } from "node:crypto";
import { generateSharedSecret } from "../../receiver/secret";
import { isUnknown } from "../core/unknown";
import * as z from "../core/zod";
import { SECRET_INPUT_FIELDS, SECRET_INPUT_NAMES } from "./fields";

// The provider behind `WebhookSecret`: a shared secret made once, in the provider process,
// and rotated without downtime. A new `rotation` value makes a new current secret and keeps
// the old one as `previous`, so a receiver that accepts both keeps working while the
// webhook switches; `retirePrevious` drops the old one once it is no longer sent.

interface SecretInputs {
  rotation: string;
  headerName: string;
  retirePrevious: boolean;
}

export interface SecretOutputs extends SecretInputs {
  current: string;
  previous?: string;
  /** `{ [headerName]: current }`, for the webhook's `headers`. */
  headers: Record<string, string>;
  /** `[current, previous?]`, for the receiver's configuration. */
  acceptedSecrets: string[];
}

export async function configure(): Promise<void> {}

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  for (const name of SECRET_INPUT_NAMES) {
    const spec = SECRET_INPUT_FIELDS[name];
    const value = news[name] ?? spec.fallback;
    inputs[name] = value;
    if (isUnknown(value)) continue;
    const parsed = z.safeParse(spec.input, value, { reportInput: false });
    if (!parsed.success) failures.push({ property: name, reason: parsed.error.issues[0]?.message ?? `${name} is not valid` });
  }
  if (failures.length > 0) return { inputs: news, failures };
  return { inputs };
}

export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.DiffResult & { changed: string[] }> {
  const changed = SECRET_INPUT_NAMES.filter((key) => olds[key] !== news[key]);
  return { changes: changed.length > 0, changed, replaces: [], deleteBeforeReplace: false };
}

export async function create(inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
  const settings = inputs as unknown as SecretInputs;
  return { id: randomUUID(), outs: outputs(settings, generateSharedSecret(), undefined) };
}

export async function read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
  // Nothing lives outside state: what was recorded is what exists.
  return { id, props };
}

export async function update(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult> {
  const before = olds as unknown as SecretOutputs;
  const settings = news as unknown as SecretInputs;
  const rotated = before.rotation !== settings.rotation;
  const current = rotated ? generateSharedSecret() : before.current;
  const previous = rotated ? before.current : before.previous;
  return { outs: outputs(settings, current, settings.retirePrevious ? undefined : previous) };
}

export async function deleteSecret(): Promise<void> {}

function outputs(settings: SecretInputs, current: string, previous: string | undefined): SecretOutputs {
  const result: SecretOutputs = {
    rotation: settings.rotation,
    headerName: settings.headerName,
    retirePrevious: settings.retirePrevious,
    current,
    headers: { [settings.headerName]: current },
    acceptedSecrets: previous === undefined ? [current] : [current, previous],
  };
  if (previous !== undefined) result.previous = previous;
  return result;
}

export { deleteSecret as delete };
