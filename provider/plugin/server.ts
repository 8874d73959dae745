import { status, type handleUnaryCall, type ServerWritableStream } from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import type { IResourceProviderServer } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { PluginInfo, type PluginAttach } from "@pulumi/pulumi/proto/plugin_pb";
import { PACKAGE_VERSION, registerSecret, resolveSettings, webhookImplementation, type ConfigSource } from "./backend";
import type { PropertyChange } from "./detailed-diff";
import { statusError, toServiceError } from "./grpc-errors";
import { identityOf } from "./owner-key";
import { fromStruct, toStruct } from "./properties";
import { changedConfig, checkConfig, configSourceOf, SECRET_CONFIG } from "./provider-config";
import { RESOURCES, type ResourceHandler } from "./resources";
import { buildSchema } from "./schema";

// The gRPC ResourceProvider service of the `opensolar` plugin, on the stubs @pulumi/pulumi
// ships. One plugin process serves one provider resource (the engine starts a process per
// provider), so the provider's settings are this process's. Every answer goes through
// `unary`, which turns a thrown error into a gRPC status without a secret in it.

export interface ProviderService {
  readonly implementation: IResourceProviderServer;
  /** Resolves once the engine has called Cancel. */
  readonly cancelled: Promise<void>;
}

const KIND: Readonly<Record<PropertyChange, proto.PropertyDiff.Kind>> = {
  add: proto.PropertyDiff.Kind.ADD,
  delete: proto.PropertyDiff.Kind.DELETE,
  update: proto.PropertyDiff.Kind.UPDATE,
  "update-replace": proto.PropertyDiff.Kind.UPDATE_REPLACE,
};

export function createProviderService(): ProviderService {
  let providerName: string | undefined;
  let config: ConfigSource | undefined;
  let isCancelled = false;
  let onCancel: () => void = () => undefined;
  const cancelled = new Promise<void>((resolve) => (onCancel = resolve));

  const label = (): string | undefined => (providerName === undefined ? undefined : `provider "${providerName}"`);

  function unary<Req, Res>(method: string, run: (request: Req) => Promise<Res>, { refuseWhenCancelled = true } = {}): handleUnaryCall<Req, Res> {
    return (call, callback) => {
      const work = isCancelled && refuseWhenCancelled
        ? Promise.reject(statusError(status.CANCELLED, `pulumi-opensolar plugin: ${method} refused: the operation was cancelled.`))
        : Promise.resolve().then(() => run(call.request));
      work.then(
        (response) => callback(null, response),
        (error: unknown) => callback(toServiceError(error, method, label())),
      );
    };
  }

  const unimplemented = (method: string): handleUnaryCall<unknown, never> =>
    unary(method, () => Promise.reject(statusError(status.UNIMPLEMENTED, `pulumi-opensolar plugin: ${method} is not implemented.`)), {
      refuseWhenCancelled: false,
    });

  function handlerOf(type: string, urn: string): ResourceHandler {
    const token = type !== "" ? type : (identityOf(urn).qualifiedType.split("$").pop() ?? "");
    const handler = RESOURCES.get(token);
    if (!handler) {
      throw statusError(status.INVALID_ARGUMENT, `pulumi-opensolar plugin: unknown resource type; this provider serves ${[...RESOURCES.keys()].join(", ")}.`);
    }
    return handler;
  }

  function nameFromUrn(urn: string | undefined): string | undefined {
    if (urn === undefined || urn === "") return undefined;
    try {
      return identityOf(urn).name;
    } catch {
      return undefined;
    }
  }

  const implementation: IResourceProviderServer = {
    getPluginInfo: unary("GetPluginInfo", async () => new PluginInfo().setVersion(PACKAGE_VERSION), { refuseWhenCancelled: false }),

    getSchema: unary("GetSchema", async (request: proto.GetSchemaRequest) => {
      if (request.getVersion() !== 0) throw statusError(status.INVALID_ARGUMENT, `pulumi-opensolar plugin: schema version ${request.getVersion()} is not supported (only 0).`);
      return new proto.GetSchemaResponse().setSchema(JSON.stringify(buildSchema(PACKAGE_VERSION)));
    }, { refuseWhenCancelled: false }),

    checkConfig: unary("CheckConfig", async (request: proto.CheckRequest) => {
      providerName ??= nameFromUrn(request.getUrn());
      const news = fromStruct(request.getNews());
      const response = new proto.CheckResponse().setInputs(toStruct(news, SECRET_CONFIG));
      const failures = checkConfig(news).map((failure) => new proto.CheckFailure().setProperty(failure.property).setReason(failure.reason));
      return response.setFailuresList(failures);
    }),

    diffConfig: unary("DiffConfig", async (request: proto.DiffRequest) => {
      const changed = changedConfig(fromStruct(request.getOlds()), fromStruct(request.getNews()));
      // A new token or default org reconfigures the provider; none replaces it (nor its webhooks).
      return diffResponse(changed.length > 0, [], Object.fromEntries(changed.map((key) => [key, "update" as const])));
    }),

    configure: unary("Configure", async (request: proto.ConfigureRequest) => {
      providerName = request.getName() || nameFromUrn(request.getUrn()) || providerName;
      const variables = new Map(request.getVariablesMap().toArray());
      config = configSourceOf(fromStruct(request.getArgs()), variables);
      // Bad settings fail here, naming the provider, rather than at the first webhook.
      try {
        // From now on no message of this process can carry the token.
        registerSecret(resolveSettings(config).apiToken);
      } catch (error) {
        if (error instanceof Error) error.message = `${error.message} (${label() ?? "the opensolar provider"})`;
        throw error;
      }
      await webhookImplementation.configure({ config } as unknown as Parameters<typeof webhookImplementation.configure>[0]);
      return new proto.ConfigureResponse()
        .setAcceptsecrets(true)
        .setSupportspreview(true)
        .setAcceptresources(false)
        .setAcceptoutputs(false);
    }),

    check: unary("Check", async (request: proto.CheckRequest) => {
      const handler = handlerOf(request.getType(), request.getUrn());
      const outcome = await handler.check(request.getUrn(), fromStruct(request.getOlds()), fromStruct(request.getNews()));
      return new proto.CheckResponse()
        .setInputs(toStruct(outcome.inputs, handler.secretProperties))
        .setFailuresList(outcome.failures.map((failure) => new proto.CheckFailure().setProperty(failure.property).setReason(failure.reason)));
    }),

    diff: unary("Diff", async (request: proto.DiffRequest) => {
      const handler = handlerOf(request.getType(), request.getUrn());
      const result = await handler.diff(request.getId(), fromStruct(request.getOlds()), fromStruct(request.getNews()));
      return diffResponse(result.changes, result.replaces, result.properties);
    }),

    create: unary("Create", async (request: proto.CreateRequest) => {
      const handler = handlerOf(request.getType(), request.getUrn());
      const created = await handler.create(fromStruct(request.getProperties()), request.getPreview());
      return new proto.CreateResponse().setId(created.id).setProperties(toStruct(created.outs, handler.secretProperties));
    }),

    read: unary("Read", async (request: proto.ReadRequest) => {
      const handler = handlerOf(request.getType(), request.getUrn());
      const found = await handler.read(request.getId(), fromStruct(request.getProperties()), { config });
      // An empty answer: the resource is gone, and refresh drops it from state.
      if (found === undefined) return new proto.ReadResponse();
      return new proto.ReadResponse()
        .setId(found.id)
        .setProperties(toStruct(found.props, handler.secretProperties))
        .setInputs(toStruct(found.inputs, handler.secretProperties));
    }),

    update: unary("Update", async (request: proto.UpdateRequest) => {
      const handler = handlerOf(request.getType(), request.getUrn());
      const outs = await handler.update(request.getId(), fromStruct(request.getOlds()), fromStruct(request.getNews()), request.getPreview());
      return new proto.UpdateResponse().setProperties(toStruct(outs, handler.secretProperties));
    }),

    delete: unary("Delete", async (request: proto.DeleteRequest) => {
      const handler = handlerOf(request.getType(), request.getUrn());
      await handler.delete(request.getId(), fromStruct(request.getProperties()));
      return new Empty();
    }),

    cancel: unary("Cancel", async () => {
      // Calls in flight finish within their own deadlines; new ones are refused.
      isCancelled = true;
      onCancel();
      return new Empty();
    }, { refuseWhenCancelled: false }),

    // Only `PULUMI_DEBUG_PROVIDERS` (a provider started by hand) attaches; nothing to keep.
    attach: unary("Attach", async (_request: PluginAttach) => new Empty(), { refuseWhenCancelled: false }),

    handshake: unimplemented("Handshake"),
    parameterize: unimplemented("Parameterize"),
    invoke: unimplemented("Invoke"),
    call: unimplemented("Call"),
    construct: unimplemented("Construct"),
    getMapping: unimplemented("GetMapping"),
    getMappings: unimplemented("GetMappings"),
    list: (call: ServerWritableStream<proto.ListRequest, proto.ListResponse>) => {
      call.emit("error", { code: status.UNIMPLEMENTED, details: "pulumi-opensolar plugin: List is not implemented." });
    },
  };

  return { implementation, cancelled };
}

function diffResponse(changes: boolean, replaces: readonly string[], properties: Readonly<Record<string, PropertyChange>>): proto.DiffResponse {
  const response = new proto.DiffResponse()
    .setChanges(changes ? proto.DiffResponse.DiffChanges.DIFF_SOME : proto.DiffResponse.DiffChanges.DIFF_NONE)
    .setReplacesList([...replaces])
    .setDiffsList(Object.keys(properties))
    .setDeletebeforereplace(false)
    .setHasdetaileddiff(true);
  const detailed = response.getDetaileddiffMap();
  for (const [name, change] of Object.entries(properties)) detailed.set(name, new proto.PropertyDiff().setKind(KIND[change]).setInputdiff(true));
  return response;
}
