/** A change the simulator cannot make; `status` is what the control route answers. */
export class ModelChangeError extends Error {
  override name = "ModelChangeError" as const;

  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(`pulumi-opensolar simulator: ${message}`);
  }
}
