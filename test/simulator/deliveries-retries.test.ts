import { startSimulator, type Simulator } from "../../simulator";
import { freePort, startReceiver, type RecordingReceiver } from "./deliveries-receiver";
import { useSimulator } from "./helpers";

const CHANGE = { orgId: 1, model: "project", event: "CREATE", fields: { stage: 1 } } as const;

describe("deliveries: failures, retries and the queue", () => {
  const sim = useSimulator({ deliveries: { retryBaseMs: 20, maxAttempts: 3, timeoutMs: 300 } });
  let receiver: RecordingReceiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it("retries after a 500 with exponential backoff until it is delivered", async () => {
    receiver.status = (_request, index) => (index < 2 ? 500 : 204);
    sim().seedWebhook(1, { endpoint: receiver.url, trigger_fields: null });
    const { deliveries } = await sim().models.change(CHANGE);
    expect(deliveries).toEqual([expect.objectContaining({ successful: false, notes: expect.stringMatching(/^HTTP 500; retry 2 of 3 at /) })]);
    expect(sim().deliveries.queue()).toEqual([
      expect.objectContaining({ number_of_attempts: 1, next_attempt_at: expect.any(String), processing_started_at: null }),
    ]);

    await sim().deliveries.idle();
    const log = sim().deliveries.log();
    expect(log.map((entry) => [entry.successful, entry.notes.split(";")[0]])).toEqual([
      [false, "HTTP 500"],
      [false, "HTTP 500"],
      [true, "HTTP 204"],
    ]);
    // Waits grow: the second gap is about twice the first (20 ms, then 40 ms).
    const times = log.map((entry) => Date.parse(entry.created_date));
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(35);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(sim().deliveries.queue()).toEqual([]);
  });

  it("gives up after maxAttempts", async () => {
    receiver.status = 500;
    sim().seedWebhook(1, { endpoint: receiver.url, trigger_fields: null });
    await sim().models.change(CHANGE);
    await sim().deliveries.idle();
    expect(receiver.received).toHaveLength(3);
    expect(sim().deliveries.log().at(-1)?.notes).toBe("HTTP 500; gave up after 3 attempts");
    expect(sim().deliveries.queue()).toEqual([]);
  });

  it("queues a delivery whose endpoint refuses connections and delivers it once the receiver is up", async () => {
    const port = await freePort();
    const slow = await startSimulator({ deliveries: { retryBaseMs: 60_000 } });
    try {
      slow.seedWebhook(1, { endpoint: `http://127.0.0.1:${port}/hook`, trigger_fields: null });
      const { deliveries } = await slow.models.change(CHANGE);
      expect(deliveries[0]).toMatchObject({ successful: false, notes: expect.stringMatching(/^connection refused; retry 2 of 5/) });
      expect(slow.deliveries.queue()).toEqual([
        expect.objectContaining({ number_of_attempts: 1, event: "CREATE", model_name: "project", processing_started_at: null }),
      ]);

      const revived = await startReceiver(port);
      try {
        const flushed = await slow.deliveries.flush();
        expect(flushed).toEqual([expect.objectContaining({ successful: true, notes: "HTTP 200" })]);
        expect(revived.received).toHaveLength(1);
        expect(slow.deliveries.queue()).toEqual([]);
        await slow.deliveries.idle();
      } finally {
        await revived.close();
      }
    } finally {
      await slow.close();
    }
  });

  it("counts a timeout as a failure", async () => {
    receiver.hang = true;
    sim().seedWebhook(1, { endpoint: receiver.url, trigger_fields: null });
    const started = Date.now();
    const { deliveries } = await sim().models.change(CHANGE);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(deliveries[0]?.notes).toMatch(/^timed out after 300 ms; retry 2 of 3/);
  });

  it("never contacts a non-loopback endpoint and logs why", async () => {
    sim().seedWebhook(1, { endpoint: "https://receiver.example.com/hook", trigger_fields: null });
    sim().seedWebhook(1, { endpoint: "http://10.0.0.1/hook", trigger_fields: null });
    const { deliveries } = await sim().models.change(CHANGE);
    expect(deliveries.map((d) => [d.successful, d.notes])).toEqual([
      [false, "not delivered: non-loopback endpoint"],
      [false, "not delivered: non-loopback endpoint"],
    ]);
    expect(sim().deliveries.queue()).toEqual([]);
  });

  it("treats localhost and [::1] as loopback", async () => {
    sim().seedWebhook(1, { endpoint: `http://localhost:${receiver.port}/hook`, trigger_fields: null });
    sim().seedWebhook(1, { endpoint: `http://[::1]:${receiver.port}/hook`, trigger_fields: null });
    const { deliveries } = await sim().models.change(CHANGE);
    // The receiver listens on 127.0.0.1 only, so an IPv6 attempt is refused: by the OS, not the simulator.
    for (const delivery of deliveries) expect(delivery.notes).toMatch(/^(HTTP 200|connection refused)/);
  });

  it("delivers off loopback only when allowed", async () => {
    // 0.0.0.0 is not a loopback address, yet connecting to it reaches this machine: a safe stand-in.
    const endpoint = `http://0.0.0.0:${receiver.port}/hook`;
    sim().seedWebhook(1, { endpoint, trigger_fields: null });
    expect((await sim().models.change(CHANGE)).deliveries[0]?.notes).toBe("not delivered: non-loopback endpoint");
    const open = await startSimulator({ deliveries: { allowNonLoopback: true } });
    try {
      open.seedWebhook(1, { endpoint, trigger_fields: null });
      expect((await open.models.change(CHANGE)).deliveries[0]?.notes).toBe("HTTP 200");
      expect(receiver.received).toHaveLength(1);
    } finally {
      await open.close();
    }
  });

  it("drops queued retries of a webhook that is deleted", async () => {
    receiver.status = 500;
    const slow = await startSimulator({ deliveries: { retryBaseMs: 60_000 } });
    try {
      const webhook = slow.seedWebhook(1, { endpoint: receiver.url, trigger_fields: null });
      await slow.models.change(CHANGE);
      expect(slow.deliveries.queue()).toHaveLength(1);
      slow.removeWebhook(1, webhook.id);
      expect(slow.deliveries.queue()).toEqual([]);
      await slow.deliveries.idle();
    } finally {
      await slow.close();
    }
  });
});

describe("deliveries: close()", () => {
  let receiver: RecordingReceiver;
  let sim: Simulator | undefined;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await sim?.close();
    await receiver.close();
  });

  it("stops retry timers and wakes idle() waiters", async () => {
    receiver.status = 500;
    sim = await startSimulator({ deliveries: { retryBaseMs: 60_000 } });
    sim.seedWebhook(1, { endpoint: receiver.url, trigger_fields: null });
    await sim.models.change(CHANGE);
    const idle = sim.deliveries.idle();
    await sim.close();
    await idle;
    expect(sim.deliveries.queue()).toEqual([]);
    expect(receiver.received).toHaveLength(1);
  });

  it("aborts attempts in flight", async () => {
    receiver.hang = true;
    sim = await startSimulator({ deliveries: { timeoutMs: 30_000 } });
    sim.seedWebhook(1, { endpoint: receiver.url, trigger_fields: null });
    const pending = sim.models.change(CHANGE);
    while (receiver.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await pending).deliveries).toEqual([]);
  });

  it("rejects invalid delivery options at start", async () => {
    await expect(startSimulator({ deliveries: { maxAttempts: 0 } })).rejects.toThrow(RangeError);
    await expect(startSimulator({ deliveries: { timeoutMs: -1 } })).rejects.toThrow(/timeoutMs/);
    await expect(startSimulator({ deliveries: { retryBaseMs: Number.NaN } })).rejects.toThrow(/retryBaseMs/);
  });
});
