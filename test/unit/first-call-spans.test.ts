import { readSpans } from "../../bench/first-call";

// The benchmark's reader of the engine's gRPC log (bench/first-call.ts): Read spans by URN.

function entry(method: string, progress: string, urn: string | undefined, at: string): string {
  return JSON.stringify({ method: `/pulumirpc.ResourceProvider/${method}`, progress, timestamp: `2026-12-02T06:32:35.${at}Z`, request: urn === undefined ? {} : { urn } });
}

test("the first wave, a warm Read and all Reads come from the Read calls alone, to a fraction of a millisecond", () => {
  const log = [
    entry("Configure", "request_started", undefined, "000000000"),
    entry("Read", "request_started", "urn:a", "010000000"),
    entry("Read", "request_started", "urn:b", "010500000"),
    entry("Diff", "request_started", "urn:a", "100000000"),
    entry("Read", "response_completed", "urn:b", "180250000"),
    entry("Read", "response_completed", "urn:a", "190000000"),
    entry("Read", "request_started", "urn:c", "200000000"),
    entry("Read", "response_completed", "urn:c", "260000000"),
    "",
  ].join("\n");
  const spans = readSpans(log);
  expect(spans.firstWaveMs).toBeCloseTo(170.25, 6);
  expect(spans.warmReadMs).toBeCloseTo(60, 6);
  expect(spans.readsMs).toBeCloseTo(250, 6);
});

test("with every Read in the first wave there is no warm Read; a log without an answered Read is refused", () => {
  const oneWave = [entry("Read", "request_started", "urn:a", "000000000"), entry("Read", "response_completed", "urn:a", "050000000")].join("\n");
  expect(readSpans(oneWave).warmReadMs).toBeNaN();
  expect(() => readSpans(entry("Read", "request_started", "urn:a", "000000000"))).toThrow("no answered Read call");
});
