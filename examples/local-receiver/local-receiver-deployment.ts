import * as pulumi from "@pulumi/pulumi";

// "Deploys" the local receiver: writes the secrets it accepts into its config file. A
// dynamic resource of its own, so the engine orders it like any deployment: the webhook
// takes its endpoint from this resource's output, so on a rotation the receiver accepts
// the new secret before the webhook starts sending it.
//
// The provider is small and self-contained (it is serialized into state): it loads
// node:fs and node:path when it runs and captures nothing.

interface DeploymentProps {
  configFile: string;
  url: string;
  headerName: string;
  acceptedSecrets: string[];
}

const deploymentProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: DeploymentProps) {
    write(inputs);
    return { id: inputs.configFile, outs: inputs };
  },
  async diff(_id: string, olds: DeploymentProps, news: DeploymentProps) {
    const moved = olds.configFile !== news.configFile;
    const changes =
      moved ||
      JSON.stringify([olds.url, olds.headerName, olds.acceptedSecrets]) !==
        JSON.stringify([news.url, news.headerName, news.acceptedSecrets]);
    // A new file is a new deployment: written first, then the old one is removed.
    return { changes, replaces: moved ? ["configFile"] : [], deleteBeforeReplace: false };
  },
  async update(_id: string, _olds: DeploymentProps, news: DeploymentProps) {
    write(news);
    return { outs: news };
  },
  async delete(_id: string, props: DeploymentProps) {
    require("node:fs").rmSync(props.configFile, { force: true });
  },
};

// Written whole and renamed into place (see receiver-config.ts, which the running
// receiver reads); repeated here because the provider must not capture a module.
function write(props: DeploymentProps): void {
  const fs = require("node:fs");
  const path = require("node:path");
  fs.mkdirSync(path.dirname(props.configFile), { recursive: true });
  const partial = `${props.configFile}.${process.pid}.partial`;
  fs.writeFileSync(partial, JSON.stringify({ headerName: props.headerName, acceptedSecrets: props.acceptedSecrets }), {
    mode: 0o600,
  });
  fs.renameSync(partial, props.configFile);
}

export interface LocalReceiverDeploymentArgs {
  /** Where the running receiver reads its config. */
  configFile: pulumi.Input<string>;
  /** The receiver's URL, passed through as this deployment's output. */
  url: pulumi.Input<string>;
  headerName: pulumi.Input<string>;
  /** `[current, previous?]`: secret in state, as inputs and as outputs. */
  acceptedSecrets: pulumi.Input<pulumi.Input<string>[]>;
}

export class LocalReceiverDeployment extends pulumi.dynamic.Resource {
  /** The receiver's URL, known once this deployment is done: endpoints taken from it wait for it. */
  declare public readonly url: pulumi.Output<string>;

  constructor(name: string, args: LocalReceiverDeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      deploymentProvider,
      name,
      { ...args, acceptedSecrets: pulumi.secret(args.acceptedSecrets) },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "acceptedSecrets"] },
      "opensolar-example",
      "LocalReceiverDeployment",
    );
  }
}
