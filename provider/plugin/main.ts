import { Server, ServerCredentials } from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { knownSecrets, redact } from "./backend";
import { createProviderService } from "./server";

// `pulumi-resource-opensolar <engine address>`: the engine starts the plugin, reads the
// port it listens on from the first line of stdout, and talks to it over gRPC. Nothing
// else may be written to stdout. SIGTERM or SIGINT (or Cancel, once the calls in flight
// are done) ends the process.

/** The engine's messages can be large (a stack's many resources); as @pulumi/pulumi allows. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;
/** How long calls in flight may take to finish once asked to stop. */
const SHUTDOWN_GRACE_MS = 30_000;

async function main(): Promise<void> {
  const server = new Server({ "grpc.max_receive_message_length": MAX_MESSAGE_BYTES, "grpc.max_send_message_length": MAX_MESSAGE_BYTES });
  const service = createProviderService();
  server.addService(ResourceProviderService, service.implementation);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  process.stdout.write(`${port}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => {
      server.forceShutdown();
      process.exit(0);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.tryShutdown(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  void service.cancelled.then(stop);
}

function report(error: unknown): void {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`pulumi-opensolar plugin: ${redact(text, knownSecrets())}\n`);
}

// A stray rejection must not end the process mid-deployment; it is said on stderr, scrubbed.
process.on("unhandledRejection", report);

main().catch((error: unknown) => {
  report(error);
  process.exit(1);
});
