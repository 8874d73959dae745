import * as pulumi from "@pulumi/pulumi";

// The baseline of the benchmarks (bench/run.ts): an OpenSolar webhook as a minimal dynamic
// provider is often written. Raw HTTP with fetch, no validation, no retries, the token and
// the API root read from the environment (OPENSOLAR_API_TOKEN, OPENSOLAR_BASE_URL) when a
// method runs, and serialized by value into every resource's state. Not for real use: it
// keeps header values in plain text and turns every failure into a bare error.

interface BaselineInputs {
  orgId: number;
  endpoint: string;
  headers?: Record<string, string>;
  enabled?: boolean;
  triggerFields?: string[];
  payloadFields?: string[];
}

function apiUrl(path: string): string {
  return `${process.env["OPENSOLAR_BASE_URL"]}${path}`;
}

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const response = await fetch(apiUrl(path), {
    method,
    headers: { Authorization: `Bearer ${process.env["OPENSOLAR_API_TOKEN"]}`, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok && response.status !== 404) throw new Error(`${method} ${path} failed: ${response.status} ${await response.text()}`);
  return response;
}

function bodyOf(inputs: BaselineInputs): Record<string, unknown> {
  return {
    endpoint: inputs.endpoint,
    headers: JSON.stringify(inputs.headers ?? {}),
    enabled: inputs.enabled ?? true,
    debug: false,
    ...(inputs.triggerFields ? { trigger_fields: inputs.triggerFields } : {}),
    ...(inputs.payloadFields ? { payload_fields: inputs.payloadFields } : {}),
  };
}

const baselineProvider: pulumi.dynamic.ResourceProvider = {
  async diff(_id: string, olds: BaselineInputs, news: BaselineInputs): Promise<pulumi.dynamic.DiffResult> {
    const keys = ["orgId", "endpoint", "headers", "enabled", "triggerFields", "payloadFields"] as const;
    const changed = keys.filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
    return { changes: changed.length > 0, replaces: changed.includes("orgId") ? ["orgId"] : [] };
  },
  async create(inputs: BaselineInputs): Promise<pulumi.dynamic.CreateResult> {
    const response = await call("POST", `/api/orgs/${inputs.orgId}/webhooks/`, bodyOf(inputs));
    const created = (await response.json()) as { id: number };
    return { id: String(created.id), outs: { ...inputs, webhookId: created.id } };
  },
  async read(id: string, props: BaselineInputs): Promise<pulumi.dynamic.ReadResult> {
    const response = await call("GET", `/api/orgs/${props.orgId}/webhooks/${id}/`);
    if (response.status === 404) return {};
    const live = (await response.json()) as { endpoint: string; enabled: boolean; trigger_fields: string[]; payload_fields: string[] };
    const current = { ...props, endpoint: live.endpoint, enabled: live.enabled, triggerFields: live.trigger_fields, payloadFields: live.payload_fields };
    return { id, props: current };
  },
  async update(id: string, _olds: BaselineInputs, news: BaselineInputs): Promise<pulumi.dynamic.UpdateResult> {
    await call("PATCH", `/api/orgs/${news.orgId}/webhooks/${id}/`, bodyOf(news));
    return { outs: { ...news, webhookId: Number(id) } };
  },
  async delete(id: string, props: BaselineInputs): Promise<void> {
    await call("DELETE", `/api/orgs/${props.orgId}/webhooks/${id}/`);
  },
};

export interface BaselineWebhookArgs {
  orgId: pulumi.Input<number>;
  endpoint: pulumi.Input<string>;
  headers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  enabled?: pulumi.Input<boolean>;
  triggerFields?: pulumi.Input<pulumi.Input<string>[]>;
  payloadFields?: pulumi.Input<pulumi.Input<string>[]>;
}

export class BaselineWebhook extends pulumi.dynamic.Resource {
  declare public readonly webhookId: pulumi.Output<number>;

  constructor(name: string, args: BaselineWebhookArgs, opts?: pulumi.CustomResourceOptions) {
    super(baselineProvider, name, { ...args, webhookId: undefined }, opts, "baseline", "BaselineWebhook");
  }
}
