import type * as pulumi from "@pulumi/pulumi";

// Reading a resource's outputs in tests that run a program under Pulumi's mocks, where
// every value is known.

/** The value `output` resolves to. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}
