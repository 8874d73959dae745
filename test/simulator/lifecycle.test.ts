import { startSimulator } from "../../simulator";

describe("starting and stopping", () => {
  it("listens on a free port on 127.0.0.1 by default", async () => {
    const sim = await startSimulator();
    try {
      expect(sim.port).toBeGreaterThan(0);
      expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    } finally {
      await sim.close();
    }
  });

  it("closes promptly although a keep-alive connection is open, and close() can repeat", async () => {
    const sim = await startSimulator();
    const response = await fetch(`${sim.url}/api/orgs/1/webhooks/`, { headers: { authorization: "Bearer sim-token" } });
    await response.text();
    const started = Date.now();
    await sim.close();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(fetch(`${sim.url}/api/orgs/1/webhooks/`)).rejects.toThrow();
  });

  it("closes while a request waits out its latency", async () => {
    const sim = await startSimulator({ latencyMs: 5000 });
    const pending = fetch(`${sim.url}/api/orgs/1/webhooks/`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await sim.close();
    // fetch's errors come from another realm than jest's, so compare by shape.
    expect(await pending).toMatchObject({ name: "TypeError", message: "fetch failed" });
  });

  it("rejects invalid options at start", async () => {
    await expect(startSimulator({ port: -1 })).rejects.toThrow(RangeError);
    await expect(startSimulator({ pageSize: 0 })).rejects.toThrow(RangeError);
    await expect(startSimulator({ latencyMs: -5 })).rejects.toThrow(RangeError);
    await expect(startSimulator({ tokens: { "a b": [1] } })).rejects.toThrow(TypeError);
  });

  it("rejects invalid options while running", async () => {
    const sim = await startSimulator();
    try {
      expect(() => sim.setOptions({ pageSize: 1.5 })).toThrow(RangeError);
    } finally {
      await sim.close();
    }
  });

  it("fails to start on a port already taken", async () => {
    const first = await startSimulator();
    try {
      await expect(startSimulator({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
