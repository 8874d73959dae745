// The JSON the e2e tests send to the driver process and the JSON it answers with. The
// driver runs inside the temporary Pulumi project (its own @pulumi/pulumi and the packed
// pulumi-opensolar); the tests never load @pulumi/pulumi themselves, because two copies of
// it in one process break the runtime.

/** `cancel` is `pulumi cancel --yes`: it removes the lock an engine killed mid-operation left. */
export type OperationName = "preview" | "up" | "refresh" | "destroy" | "export" | "cancel";

/** A value another resource of the program produces: the `url` of an endpoint stub. */
export interface StubUrl {
  readonly fromStub: string;
}

/** One `OpenSolarWebhook` of the program, as data. Absent properties are not passed. */
export interface WebhookDeclaration {
  readonly name: string;
  readonly endpoint: string | StubUrl;
  readonly orgId?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly enabled?: boolean;
  readonly debug?: boolean;
  readonly triggerFields?: readonly string[];
  readonly payloadFields?: readonly string[];
  readonly allowInsecureEndpoint?: boolean;
  readonly onDelete?: "delete" | "disable";
  readonly adoptWebhookId?: number;
}

/**
 * A tiny dynamic resource of the driver whose `url` output is only known once it has been
 * created, so a webhook endpoint taken from it is unknown during preview.
 */
export interface EndpointStubDeclaration {
  readonly name: string;
  /** The url the stub reports after create; changing it replaces the stub. */
  readonly url: string;
}

/**
 * An `OpenSolarWebhook` whose args are passed as they are, untyped, as a JavaScript program
 * could write them (wrong types, misspelt input names). JSON values only.
 */
export interface RawWebhookDeclaration {
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/**
 * A receiver and its webhook declared together: the driver's program calls
 * `declareLocalReceiverStack` (examples/local-receiver/program.ts) with these values.
 */
export interface LocalReceiverDeclaration {
  /** The running receiver's URL (examples/local-receiver/local-receiver.ts). */
  readonly receiverUrl: string;
  /** Where the deployment writes the secrets the receiver accepts. */
  readonly configFile: string;
  /** Change it to rotate the shared secret. */
  readonly rotation?: string;
  readonly enabled?: boolean;
  readonly triggerFields?: readonly string[];
  readonly payloadFields?: readonly string[];
}

export interface ProgramSpec {
  readonly endpointStubs?: readonly EndpointStubDeclaration[];
  readonly webhooks: readonly WebhookDeclaration[];
  /** Declared after `webhooks`; their outputs are not exported. */
  readonly rawWebhooks?: readonly RawWebhookDeclaration[];
  /** Declared after the others; its outputs are exported as `localReceiver`. */
  readonly localReceiver?: LocalReceiverDeclaration;
  /** The benchmarks' baseline provider (driver/baseline-webhook.ts), declared after the others; not exported. */
  readonly baselineWebhooks?: readonly BaselineWebhookDeclaration[];
  /** The native provider's `opensolar:index:Webhook` (driver/native-webhook.ts; the plugin installed in PULUMI_HOME), declared last; not exported. */
  readonly nativeWebhooks?: readonly BaselineWebhookDeclaration[];
}

/** A `BaselineWebhook` (driver/baseline-webhook.ts): a naive dynamic provider, the benchmarks' yardstick. */
export interface BaselineWebhookDeclaration {
  readonly name: string;
  readonly orgId: number;
  readonly endpoint: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly triggerFields?: readonly string[];
  readonly payloadFields?: readonly string[];
}

export interface ConfigEntry {
  readonly value: string;
  readonly secret?: boolean;
}

export interface RunOptions {
  /** refresh and destroy run the program first, so the provider gets the current stack config, not the one in state. */
  readonly runProgram?: boolean;
  /** refresh only: drop the creates an interrupted `up` left pending (`--clear-pending-creates`). */
  readonly clearPendingCreates?: boolean;
  /** up only: the resources (URNs) `pulumi up --target` names. */
  readonly target?: readonly string[];
}

export interface DriverRequest {
  readonly stackName: string;
  readonly projectName: string;
  /** The Pulumi project's `main`: the folder whose node_modules resolve pulumi-opensolar. */
  readonly programDir: string;
  /** Where the workspace keeps Pulumi.yaml and Pulumi.<stack>.yaml for this stack. */
  readonly workDir: string;
  /** The file backend's folder. */
  readonly stateDir: string;
  readonly pulumiHome: string;
  /** The folder above the CLI's bin/. */
  readonly pulumiRoot: string;
  readonly config: Readonly<Record<string, ConfigEntry>>;
  /** Extra environment for the engine and the provider process (OPENSOLAR_* tuning). */
  readonly env: Readonly<Record<string, string>>;
  readonly program: ProgramSpec;
  /** Run in order; the first failure stops the sequence. */
  readonly operations: readonly OperationName[];
  readonly options: RunOptions;
  /** Where the driver writes its DriverResponse. */
  readonly resultFile: string;
  /** The engine's own logging for every operation. @default none (the CLI's defaults) */
  readonly engineLogging?: EngineLogging;
}

/**
 * How verbosely the engine logs (`pulumi up -v=N --logflow --debug`): the e2e leak scan
 * turns everything on, so whatever the engine or a plugin could log is there to be scanned.
 * Logs go to files under TMPDIR unless `toStdErr`.
 */
export interface EngineLogging {
  /** -v=N, 1 to 11. */
  readonly verbosity: number;
  /** --logflow: the language host and the providers log at the same level. */
  readonly flow: boolean;
  /** --debug: debug-level diagnostics in the engine's output. */
  readonly debug: boolean;
  /** --logtostderr: the log goes into the engine's output instead of files. */
  readonly toStdErr: boolean;
}

/** What one engine step did to one resource (the stack and provider resources left out). */
export interface StepRecord {
  readonly name: string;
  readonly type: string;
  readonly op: string;
  /** Inputs whose value differs between the step's old and new state, sorted. */
  readonly changed: readonly string[];
  /** The properties that force a replacement, as the engine reports them. */
  readonly replaceKeys: readonly string[];
  /** Inputs not known yet (another resource's output during preview), sorted. */
  readonly unknownInputs: readonly string[];
}

export interface StackOutput {
  readonly value: unknown;
  readonly secret: boolean;
}

export interface OperationResult {
  readonly operation: OperationName;
  readonly ok: boolean;
  /** The engine's resource change counts (preview: the planned ones). */
  readonly changes: Readonly<Record<string, number>>;
  readonly steps: readonly StepRecord[];
  /** Everything the engine printed (stdout, stderr, and the error if it failed). */
  readonly engineOutput: string;
  readonly error?: string;
  /** After `up`. */
  readonly outputs?: Readonly<Record<string, StackOutput>>;
  /** After `export`: `pulumi stack export` as printed (secrets stay encrypted). */
  readonly exportedText?: string;
  /** How long the operation took in the driver, engine start to end (for the benchmarks). */
  readonly durationMs?: number;
}

export interface DriverResponse {
  /** The driver's Node.js version. */
  readonly nodeVersion: string;
  /** The @pulumi/pulumi version the driver loaded. */
  readonly pulumiSdkVersion: string;
  readonly results: readonly OperationResult[];
}
