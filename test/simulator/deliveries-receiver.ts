import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request a recording receiver got. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or the text when it did not parse. */
  body: any;
}

export interface RecordingReceiver {
  readonly url: string;
  readonly port: number;
  readonly received: Received[];
  /** The status for each next request; a function can vary it. @default 200 */
  status: number | ((request: Received, index: number) => number);
  /** Never answer (for timeouts). */
  hang: boolean;
  close(): Promise<void>;
}

/** A real `http.createServer` on 127.0.0.1 that records what it is sent. */
export async function startReceiver(port = 0): Promise<RecordingReceiver> {
  const sockets = new Set<Socket>();
  const receiver: RecordingReceiver = {
    url: "",
    port: 0,
    received: [],
    status: 200,
    hang: false,
    close: () => closeServer(server, sockets),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the text
      }
      const request: Received = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body };
      const index = receiver.received.push(request) - 1;
      if (receiver.hang) return;
      res.statusCode = typeof receiver.status === "number" ? receiver.status : receiver.status(request, index);
      res.end();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return Object.assign(receiver, { port: bound, url: `http://127.0.0.1:${bound}/hook` });
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
}

/** A port that nothing listens on (right now). */
export async function freePort(): Promise<number> {
  const probe = await startReceiver();
  await probe.close();
  return probe.port;
}
