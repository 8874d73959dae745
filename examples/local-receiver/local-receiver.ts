import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeHandler, type WebhookPayload } from "pulumi-opensolar/receiver";
import { readReceiverConfig } from "./receiver-config";

// A receiver running on this machine: a plain Node server with the package's Node adapter.
// It takes its accepted secrets from the deployed config file, so a `pulumi up` that
// rotates the secret reaches it without a restart. It can be stopped and started again on
// the same port, to show that OpenSolar retries deliveries a receiver missed.

export interface LocalReceiver {
  readonly url: string;
  /** Every payload accepted, in order. */
  readonly received: WebhookPayload[];
  /** Requests answered 401 (wrong or missing secret). */
  readonly refused: () => number;
  /** Stops answering (the port is closed) until `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalReceiver(options: { configFile: string; port?: number }): Promise<LocalReceiver> {
  const received: WebhookPayload[] = [];
  let refused = 0;
  let handlerFor: { text: string; handle: http.RequestListener } | undefined;

  const listener: http.RequestListener = (req, res) => {
    const config = readReceiverConfig(options.configFile);
    if (!config || config.acceptedSecrets.length === 0) {
      res.writeHead(503).end();
      return;
    }
    const text = JSON.stringify(config);
    if (handlerFor?.text !== text) {
      const [current, previous] = config.acceptedSecrets;
      const handle = createNodeHandler(
        { headerName: config.headerName, secrets: [current ?? "", previous], awaitHandler: true },
        (payload) => {
          received.push(payload);
        },
      );
      handlerFor = { text, handle };
    }
    res.on("finish", () => {
      if (res.statusCode === 401) refused++;
    });
    handlerFor.handle(req, res);
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
      server = http.createServer(listener);
      await listen(server, port);
    },
    close: () => close(server),
  };
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

function close(server: http.Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
