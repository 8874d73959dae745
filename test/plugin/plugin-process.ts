import { credentials, type ServiceError } from "@grpc/grpc-js";
import { spawn, type ChildProcessByStdio } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Readable } from "node:stream";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { fromStruct, secret, toStruct, type PropertyValues } from "../../provider/plugin/properties";
import { inheritedEnvironment } from "../../testkit/engine/pulumi-cli";
import { REPO_ROOT } from "../../testkit/engine/paths";

// The built plugin (dist/plugin/pulumi-resource-opensolar), started as the engine starts
// it, in a process of its own, and a gRPC client that talks to it as the engine does.

export const PLUGIN_DIR = path.join(REPO_ROOT, "dist", "plugin");
export const PLUGIN = path.join(PLUGIN_DIR, "pulumi-resource-opensolar");
export const WEBHOOK = "opensolar:index:Webhook";
export const WEBHOOK_SECRET = "opensolar:index:WebhookSecret";

/** A URN as the engine makes them, in stack `dev` of project `plugin-tests`. */
export function urnOf(type: string, name: string, parentTypes: readonly string[] = []): string {
  return `urn:pulumi:dev::plugin-tests::${[...parentTypes, type].join("$")}::${name}`;
}

export function providerUrn(name: string): string {
  return urnOf("pulumi:providers:opensolar", name);
}

/** Refuses a dist/plugin older than the sources it bundles: the test would test old code. */
export function assertBuiltPlugin(): void {
  const bundle = path.join(PLUGIN_DIR, "provider.js");
  if (!fs.existsSync(bundle)) throw new Error(`plugin tests: ${bundle} is missing; run \`npm run build\` first.`);
  const built = fs.statSync(bundle).mtimeMs;
  const newer = sourcesUnder(path.join(REPO_ROOT, "provider")).find((file) => fs.statSync(file).mtimeMs > built);
  if (newer !== undefined) throw new Error(`plugin tests: ${newer} is newer than ${bundle}; run \`npm run build\` first.`);
}

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

type Unary<Req, Res> = (request: Req, callback: (error: ServiceError | null, response: Res) => void) => unknown;

export class PluginProcess {
  /** Everything the plugin wrote to stderr so far. */
  stderr = "";
  readonly exited: Promise<number | null>;
  private constructor(
    private readonly child: ChildProcessByStdio<null, Readable, Readable>,
    readonly client: ResourceProviderClient,
  ) {
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString("utf8")));
  }

  /** Starts the plugin with `env` added to an environment without OPENSOLAR_* or PULUMI_* settings. */
  static async start(env: Readonly<Record<string, string>> = {}): Promise<PluginProcess> {
    assertBuiltPlugin();
    const child = spawn(PLUGIN, ["127.0.0.1:1"], { env: { ...inheritedEnvironment(), ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
        const line = /^(\d+)\n/.exec(out);
        if (line?.[1] !== undefined) resolve(Number(line[1]));
      });
      child.once("exit", (code) => reject(new Error(`the plugin exited (${String(code)}) before printing its port; stdout: ${out}`)));
    });
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, credentials.createInsecure());
    return new PluginProcess(child, client);
  }

  call<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      method.call(this.client, request, (error, response) => (error ? reject(error) : resolve(response)));
    });
  }

  /** A call that must fail; its gRPC error. */
  async failing<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<ServiceError> {
    try {
      await this.call(method, request);
    } catch (error) {
      return error as ServiceError;
    }
    throw new Error("plugin tests: the call succeeded, and was expected to fail.");
  }

  async checkConfig(name: string, news: PropertyValues): Promise<proto.CheckResponse> {
    const request = new proto.CheckRequest().setUrn(providerUrn(name)).setName(name).setType("pulumi:providers:opensolar").setNews(toStruct(news));
    return this.call<proto.CheckRequest, proto.CheckResponse>(this.client.checkConfig, request);
  }

  /** Configure as the engine sends it: the arguments, the API token wrapped as a secret. */
  async configure(name: string, args: PropertyValues): Promise<proto.ConfigureResponse> {
    const wrapped = { ...args, ...(args["apiToken"] === undefined ? {} : { apiToken: secret(args["apiToken"]) }) };
    const request = new proto.ConfigureRequest()
      .setArgs(toStruct(wrapped))
      .setAcceptsecrets(true)
      .setUrn(providerUrn(name))
      .setName(name)
      .setType("pulumi:providers:opensolar");
    return this.call<proto.ConfigureRequest, proto.ConfigureResponse>(this.client.configure, request);
  }

  async check(type: string, name: string, news: PropertyValues, olds: PropertyValues = {}): Promise<{ inputs: PropertyValues; raw: Struct | undefined; failures: proto.CheckFailure[] }> {
    const request = new proto.CheckRequest().setUrn(urnOf(type, name)).setName(name).setType(type).setOlds(toStruct(olds)).setNews(toStruct(news));
    const response = await this.call<proto.CheckRequest, proto.CheckResponse>(this.client.check, request);
    return { inputs: fromStruct(response.getInputs()), raw: response.getInputs(), failures: response.getFailuresList() };
  }

  async diff(type: string, name: string, id: string, olds: PropertyValues, news: PropertyValues): Promise<proto.DiffResponse> {
    const request = new proto.DiffRequest().setUrn(urnOf(type, name)).setName(name).setType(type).setId(id).setOlds(toStruct(olds)).setNews(toStruct(news));
    return this.call<proto.DiffRequest, proto.DiffResponse>(this.client.diff, request);
  }

  async create(type: string, name: string, inputs: PropertyValues, preview = false): Promise<{ id: string; outs: PropertyValues; raw: Struct | undefined }> {
    const request = new proto.CreateRequest().setUrn(urnOf(type, name)).setName(name).setType(type).setProperties(toStruct(inputs)).setPreview(preview);
    const response = await this.call<proto.CreateRequest, proto.CreateResponse>(this.client.create, request);
    return { id: response.getId(), outs: fromStruct(response.getProperties()), raw: response.getProperties() };
  }

  readRequest(type: string, name: string, id: string, props: PropertyValues = {}): proto.ReadRequest {
    const request = new proto.ReadRequest().setUrn(urnOf(type, name)).setName(name).setType(type).setId(id);
    return Object.keys(props).length === 0 ? request : request.setProperties(toStruct(props));
  }

  async read(type: string, name: string, id: string, props: PropertyValues = {}): Promise<proto.ReadResponse> {
    return this.call<proto.ReadRequest, proto.ReadResponse>(this.client.read, this.readRequest(type, name, id, props));
  }

  async update(type: string, name: string, id: string, olds: PropertyValues, news: PropertyValues, preview = false): Promise<{ outs: PropertyValues; raw: Struct | undefined }> {
    const request = new proto.UpdateRequest()
      .setUrn(urnOf(type, name))
      .setName(name)
      .setType(type)
      .setId(id)
      .setOlds(toStruct(olds))
      .setNews(toStruct(news))
      .setOldInputs(toStruct(news))
      .setPreview(preview);
    const response = await this.call<proto.UpdateRequest, proto.UpdateResponse>(this.client.update, request);
    return { outs: fromStruct(response.getProperties()), raw: response.getProperties() };
  }

  async delete(type: string, name: string, id: string, props: PropertyValues): Promise<void> {
    const request = new proto.DeleteRequest().setUrn(urnOf(type, name)).setName(name).setType(type).setId(id).setProperties(toStruct(props));
    await this.call<proto.DeleteRequest, Empty>(this.client.delete, request);
  }

  cancel(): Promise<Empty> {
    return this.call<Empty, Empty>(this.client.cancel, new Empty());
  }

  /** Ends the plugin (SIGTERM) and waits for it to exit; its exit code. */
  async stop(): Promise<number | null> {
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    return this.exited;
  }
}

/** The raw (still wrapped) value of one property of a Struct, as the engine would store it. */
export function rawProperty(struct: Struct | undefined, key: string): unknown {
  const value = struct?.getFieldsMap().get(key);
  return value?.toJavaScript();
}
