// The JSON the e2e tests send to the driver process and the JSON it answers with. The
// driver runs inside the temporary Pulumi project (its own @pulumi/pulumi and the packed
// pulumi-opensolar); the tests never load @pulumi/pulumi themselves, because two copies of
// it in one process break the runtime.

export type OperationName = "preview" | "up" | "refresh" | "destroy" | "export";

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

export interface ProgramSpec {
  readonly endpointStubs?: readonly EndpointStubDeclaration[];
  readonly webhooks: readonly WebhookDeclaration[];
}

export interface ConfigEntry {
  readonly value: string;
  readonly secret?: boolean;
}

export interface RunOptions {
  /** refresh and destroy run the program first, so the provider gets the current stack config, not the one in state. */
  readonly runProgram?: boolean;
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
}

export interface DriverResponse {
  /** The driver's Node.js version. */
  readonly nodeVersion: string;
  /** The @pulumi/pulumi version the driver loaded. */
  readonly pulumiSdkVersion: string;
  readonly results: readonly OperationResult[];
}
