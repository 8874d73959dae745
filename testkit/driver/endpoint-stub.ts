import * as pulumi from "@pulumi/pulumi";

// A stand-in for "the receiver another resource deploys": its `url` output exists only once
// the engine has created it, so a webhook endpoint wired to it is unknown during preview,
// as with a real function URL or load balancer. It also reports the Node.js version of the
// dynamic provider process, which the Node 22 smoke test checks.

interface StubInputs {
  readonly target: string;
}

const endpointStubProvider: pulumi.dynamic.ResourceProvider = {
  async diff(_id: string, olds: StubInputs, news: StubInputs): Promise<pulumi.dynamic.DiffResult> {
    const moved = olds.target !== news.target;
    // A replacement, so the new url is unknown again during preview.
    return { changes: moved, replaces: moved ? ["target"] : [], deleteBeforeReplace: false };
  },
  async create(inputs: StubInputs): Promise<pulumi.dynamic.CreateResult> {
    const id = `stub-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    return { id, outs: { target: inputs.target, url: inputs.target, providerNodeVersion: process.version } };
  },
};

export class EndpointStub extends pulumi.dynamic.Resource {
  declare public readonly url: pulumi.Output<string>;
  declare public readonly providerNodeVersion: pulumi.Output<string>;

  constructor(name: string, target: string) {
    super(endpointStubProvider, name, { target, url: undefined, providerNodeVersion: undefined }, {}, "e2e", "EndpointStub");
  }
}
