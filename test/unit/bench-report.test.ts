import { STEPS, type StepFigures } from "../../bench/lifecycle";
import { markdown, type BenchResults, type SizeFigures } from "../../bench/report";

// The benchmark's tables (bench/report.ts): the ratio columns, the control's column and the
// line that counts the rows above the goal's 1.05×.

function step(ms: number): StepFigures {
  return { ms, cpuMs: ms, simulatorCpuMs: 1, requests: { GET: 0, POST: 0, PATCH: 0, DELETE: 0, total: 0 } };
}

/** A size whose six rows all take `ms`, except the rows named in `overrides`. */
function size(ms: number, overrides: Partial<Record<(typeof STEPS)[number] | "createSharedEndpoint", number>> = {}): SizeFigures {
  const steps = Object.fromEntries(STEPS.map((name) => [name, step(overrides[name] ?? ms)])) as SizeFigures["steps"];
  return { steps, createSharedEndpoint: step(overrides.createSharedEndpoint ?? ms) };
}

function results(sizes: BenchResults["sizes"]): BenchResults {
  return {
    generatedAt: "2026-12-02T00:00:00.000Z",
    command: "npm run bench",
    environment: {
      node: "v20",
      cpus: 2,
      pulumiCli: "v3",
      pulumiSdk: "3.249.0",
      engineParallelism: "8",
      simulatorLatencyMs: 50,
      repeat: 3,
      loadAverage: { start: [0, 0, 0], end: [0, 0, 0] },
    },
    kinds: ["ours", "baseline"],
    sizes,
    serializedProvider: {},
    leakScan: {},
  };
}

test("the goal line counts the rows of ours above 1.05× the baseline and names the highest", () => {
  const tables = markdown(results([{ n: 10, seconds: 1, ours: size(1000, { refresh: 1080, destroy: 1050 }), baseline: size(1000) }]));
  // 1.05× exactly is within the goal; 1.08× is not.
  expect(tables).toContain("Ours against the baseline: 1 of 6 rows above 1.05× (the highest 1.08×).");
  expect(tables).not.toContain("control");
  expect(tables).toContain("| 10 | `refresh` of N | 1.08 s | 1.00 s | – | 1.08× | – |");
});

test("with a control, its column and its count of rows above 1.05× come beside ours", () => {
  const tables = markdown(
    results([
      { n: 10, seconds: 1, ours: size(1000), baseline: size(1000), control: size(1000, { noop: 1100 }) },
      { n: 50, seconds: 1, ours: size(900), baseline: size(1000), control: size(1000, { create: 1200, update: 1060 }) },
    ]),
  );
  expect(tables).toContain("Ours against the baseline: 0 of 12 rows above 1.05× (the highest 1.00×).");
  expect(tables).toContain("the baseline run a second time beside it, against the baseline: 3 of 12 rows above 1.05× (the highest 1.20×).");
  expect(tables).toContain("| ours / baseline | plugin / baseline | control / baseline |");
  expect(tables).toContain("| 50 | `up`: create N | 0.90 s | 1.00 s | – | 0.90× | – | 1.20× |");
});
