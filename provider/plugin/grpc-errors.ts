import { status, type ServerErrorResponse } from "@grpc/grpc-js";
import { isOpenSolarError, knownSecrets, redact, type OpenSolarErrorCode } from "./backend";

// How a failure reaches the engine: a gRPC status that fits it, and the implementation's
// message (already free of secrets), scrubbed once more of every secret this process knows.
// A refused or forbidden token says which provider holds it: with two providers in one
// program, "the token is invalid" alone does not say which one to fix.

const STATUS_OF: Readonly<Record<OpenSolarErrorCode, status>> = {
  configuration: status.FAILED_PRECONDITION,
  authentication: status.UNAUTHENTICATED,
  permission: status.PERMISSION_DENIED,
  not_found: status.NOT_FOUND,
  invalid_request: status.INVALID_ARGUMENT,
  rate_limited: status.RESOURCE_EXHAUSTED,
  server: status.UNAVAILABLE,
  network: status.UNAVAILABLE,
  bad_response: status.UNKNOWN,
  invalid_input: status.INVALID_ARGUMENT,
};

/** A gRPC error answer for whatever a handler threw. `provider` names the provider ("provider \"org-b\""). */
export function toServiceError(error: unknown, method: string, provider: string | undefined): ServerErrorResponse {
  if (isServiceError(error)) return { ...error, details: redact(error.details, knownSecrets()), message: redact(error.details, knownSecrets()) };
  let code: status = status.UNKNOWN;
  let message: string;
  if (isOpenSolarError(error)) {
    code = STATUS_OF[error.code];
    message = error.message;
    if ((error.code === "authentication" || error.code === "permission") && provider !== undefined) {
      message += ` (the token of ${provider}: set that provider's apiToken)`;
    }
  } else if (error instanceof Error) {
    message = `pulumi-opensolar plugin: ${method} failed: ${error.message}`;
  } else {
    message = `pulumi-opensolar plugin: ${method} failed with a non-error value.`;
  }
  const scrubbed = redact(message, knownSecrets());
  return { name: "Error", code, message: scrubbed, details: scrubbed };
}

/** An error made for gRPC already (UNIMPLEMENTED, CANCELLED), passed on as it is. */
export interface PluginStatusError {
  readonly code: status;
  readonly details: string;
}

export function statusError(code: status, details: string): PluginStatusError & Error {
  return Object.assign(new Error(details), { code, details });
}

function isServiceError(error: unknown): error is PluginStatusError & Error {
  return error instanceof Error && typeof (error as Partial<PluginStatusError>).code === "number" && typeof (error as Partial<PluginStatusError>).details === "string";
}
