import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeHandler, verifySharedSecret, type WebhookPayload } from "pulumi-opensolar/receiver";
import { readReceiverConfig } from "./receiver-config";

// A receiver running on this machine: a plain Node server with the package's Node adapter.
// It takes its accepted secrets from the deployed config file, so a `pulumi up` that
// rotates the secret reaches it without a restart. It can be stopped and started again on
// the same port, to show that OpenSolar retries deliveries a receiver missed.

export interface ReceivedDelivery {
  readonly payload: WebhookPayload;
  /**
   * Which accepted secret the delivery carried. Once only "current" arrives after a
   * rotation, the previous secret can be retired (`retirePrevious: true`).
   */
  readonly secret: "current" | "previous";
}

export interface LocalReceiver {
  /** Where OpenSolar delivers; every path is answered. */
  readonly url: string;
  /** Every delivery accepted, in order. */
  readonly received: readonly ReceivedDelivery[];
  /** How many requests were answered 401 (wrong or missing secret). */
  refused(): number;
  /** Stops answering (the port is closed, connections are dropped) until `start()`. */
  stop(): Promise<void>;
  /** Listens again on the same port; does nothing when already listening. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface LocalReceiverOptions {
  /** The file the deployment writes (see receiver-config.ts); read on every request. */
  readonly configFile: string;
  /** @default 0 (a free port) */
  readonly port?: number;
}

export async function startLocalReceiver(options: LocalReceiverOptions): Promise<LocalReceiver> {
  const received: ReceivedDelivery[] = [];
  let refused = 0;

  const listener: http.RequestListener = (req, res) => {
    const config = readReceiverConfig(options.configFile);
    if (!config) {
      // Not deployed yet: a status OpenSolar retries.
      res.writeHead(503).end();
      return;
    }
    const { headerName, acceptedSecrets } = config;
    const [current, previous] = acceptedSecrets;
    const secret = verifySharedSecret(req.headers, { headerName, secrets: [current] }) ? "current" : "previous";
    // One handler per request: it sees the config deployed when the request came in.
    const handle = createNodeHandler({ headerName, secrets: [current, previous], awaitHandler: true }, (payload) => {
      received.push({ payload, secret });
    });
    res.on("finish", () => {
      if (res.statusCode === 401) refused++;
    });
    handle(req, res);
  };

  let server = http.createServer(listener);
  await listen(server, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/opensolar`,
    received,
    refused: () => refused,
    stop: () => close(server),
    start: async () => {
      if (server.listening) return;
      server = http.createServer(listener);
      await listen(server, port);
    },
    close: () => close(server),
  };
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function close(server: http.Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
