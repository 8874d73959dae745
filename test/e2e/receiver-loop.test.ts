import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_SECRET_HEADER, sendTestDelivery } from "pulumi-opensolar/receiver";
import { startLocalReceiver, type LocalReceiver, type ReceivedDelivery } from "../../examples/local-receiver/local-receiver";
import { readReceiverConfig, type ReceiverConfig } from "../../examples/local-receiver/receiver-config";
import type { Simulator, StoredWebhook } from "../../simulator";
import type { LocalReceiverDeclaration, OperationResult, ProgramSpec, StepRecord } from "../../testkit/driver/protocol";
import { ENGINE_TIMEOUT_MS, type E2eStack } from "../../testkit/engine/e2e-session";
import { exportedResources, resourceName, type ExportedResource } from "../../testkit/engine/exported-state";
import { onlyWebhook, ORG, sentHeaders, startTestSimulator } from "../../testkit/test-simulator";
import { isEncryptedSecret, secretsIn } from "./harness/secrets";
import { useE2eSession } from "./harness/use-e2e-session";

// The issue "Declare the receiver and its webhook together", end to end: the program of
// examples/local-receiver (WebhookSecret → LocalReceiverDeployment → OpenSolarWebhook) run
// by the real engine, the simulator delivering model changes, and the example's receiver
// (a real Node server) answering them in this process. One stack; the scenarios build on
// each other, so they run in this order and share the state below.

const TRIGGER_FIELDS = ["project.stage"];
const PAYLOAD_FIELDS = ["project.id", "project.stage", "project.address"];
const PROJECT_ID = 73;
const ADDRESS = "12 Sunny Terrace, Fremantle";

const e2e = useE2eSession();
let simulator: Simulator;
let receiver: LocalReceiver;
let stack: E2eStack;
/** The receiver's deployment: its secrets in plain text, by design, so outside the session's folders. */
let receiverDir: string;
let configFile: string;
/** The secret `up` made first, and the one the rotation made. */
let firstSecret: string;
let rotatedSecret: string;
let finalExport: OperationResult;

beforeAll(async () => {
  // Quick retries that never give up during a test: a receiver may stay down across an `up`.
  simulator = await startTestSimulator({ deliveries: { retryBaseMs: 25, maxAttempts: 60 } });
  receiverDir = fs.mkdtempSync(path.join(os.tmpdir(), "opensolar-local-receiver-"));
  configFile = path.join(receiverDir, "deployed", "config.json");
  receiver = await startLocalReceiver({ configFile });
  stack = e2e.stack("receiver-loop", simulator);
  // The project exists before any webhook: its creation fires nothing.
  const created = await simulator.models.change({
    orgId: ORG,
    model: "project",
    event: "CREATE",
    id: PROJECT_ID,
    fields: { stage: "lead", address: ADDRESS, notes: "first call" },
  });
  expect(created.deliveries).toEqual([]);
}, ENGINE_TIMEOUT_MS);

afterAll(async () => {
  await receiver?.close();
  await simulator?.close();
  if (receiverDir) fs.rmSync(receiverDir, { recursive: true, force: true });
});

function program(overrides: Partial<LocalReceiverDeclaration> = {}): ProgramSpec {
  return {
    webhooks: [],
    localReceiver: {
      receiverUrl: receiver.url,
      configFile,
      rotation: "2026-01",
      triggerFields: TRIGGER_FIELDS,
      payloadFields: PAYLOAD_FIELDS,
      ...overrides,
    },
  };
}

function sentSecret(webhook: StoredWebhook): unknown {
  return sentHeaders(webhook).headers[DEFAULT_SECRET_HEADER];
}

function deployedConfig(): ReceiverConfig | undefined {
  return readReceiverConfig(configFile);
}

function changeProject(fields: Record<string, unknown>) {
  return simulator.models.change({ orgId: ORG, model: "project", event: "UPDATE", id: PROJECT_ID, fields });
}

/** Every attempt to deliver this event, oldest first. */
function attemptsOf(eventId: number) {
  return simulator.deliveries.log(ORG).filter((entry) => entry.event_id === eventId);
}

/** Retries what waits now, without waiting out its backoff, and waits until nothing does. */
async function retryNow(): Promise<void> {
  await simulator.deliveries.flush();
  await simulator.deliveries.idle();
}

function lastReceived(): ReceivedDelivery {
  const last = receiver.received.at(-1);
  if (!last) throw new Error("the receiver accepted nothing");
  return last;
}

/** [name, op] of the steps that did something, in the engine's order. */
function changedSteps(steps: readonly StepRecord[]): Array<[string, string]> {
  return steps.filter((step) => step.op !== "same").map((step) => [step.name, step.op]);
}

test(
  "up declares the receiver and its webhook: one secret in the receiver's config and in the webhook's header",
  async () => {
    const { up } = await stack.run(program(), ["up"]);

    // The secret first, then the receiver's deployment, then the webhook that calls it.
    expect(changedSteps(up.steps)).toEqual([
      ["receiver-secret", "create"],
      ["local-receiver", "create"],
      ["receiver-webhook", "create"],
    ]);

    const config = deployedConfig();
    expect(config).toEqual({ headerName: DEFAULT_SECRET_HEADER, acceptedSecrets: [expect.stringMatching(/^[A-Za-z0-9_-]{43}$/)] });
    firstSecret = config?.acceptedSecrets[0] ?? "";
    // It holds a secret: only its owner may read it.
    expect(fs.statSync(configFile).mode & 0o777).toBe(0o600);

    const webhook = onlyWebhook(simulator);
    expect(webhook).toMatchObject({
      endpoint: receiver.url,
      enabled: true,
      trigger_fields: TRIGGER_FIELDS,
      payload_fields: PAYLOAD_FIELDS,
    });
    expect(sentHeaders(webhook).headers).toEqual({ [DEFAULT_SECRET_HEADER]: firstSecret });
    expect(up.outputs?.["localReceiver"]?.value).toEqual({
      webhookId: webhook.id,
      endpoint: receiver.url,
      enabled: true,
      receiverUrl: receiver.url,
      headerName: DEFAULT_SECRET_HEADER,
    });
  },
  ENGINE_TIMEOUT_MS,
);

test("a change of a trigger field delivers exactly the declared payload fields, with the secret", async () => {
  const { change, deliveries } = await changeProject({ stage: "site visit" });

  expect(deliveries).toEqual([expect.objectContaining({ event_id: change.event_id, successful: true, notes: "HTTP 200" })]);
  expect(receiver.received).toHaveLength(1);
  const { payload, secret } = lastReceived();
  expect(secret).toBe("current");
  expect(payload).toMatchObject({ model: "Project", event: "UPDATE", model_id: PROJECT_ID, event_id: change.event_id });
  // `notes` is a field of the project, and not one the webhook selects.
  const fields = payload.event === "DELETE" ? undefined : payload.fields;
  expect(fields).toEqual({ id: PROJECT_ID, stage: "site visit", address: ADDRESS });
  expect(receiver.refused()).toBe(0);
});

test("a change of fields that are not triggers (one of them a payload field) delivers nothing", async () => {
  const logged = simulator.deliveries.log(ORG).length;

  const { change, deliveries } = await changeProject({ address: "14 Sunny Terrace, Fremantle", notes: "moved next door" });

  expect([...change.changed_fields].sort()).toEqual(["address", "notes"]);
  expect(deliveries).toEqual([]);
  expect(simulator.deliveries.log(ORG)).toHaveLength(logged);
  expect(simulator.deliveries.queue(ORG)).toEqual([]);
  expect(receiver.received).toHaveLength(1);
});

test("a delivery the receiver missed while down is retried, and accepted once it is back", async () => {
  const webhook = onlyWebhook(simulator);
  await receiver.stop();

  const { change, deliveries } = await changeProject({ stage: "proposal" });

  expect(deliveries).toEqual([expect.objectContaining({ successful: false, notes: expect.stringMatching(/^connection refused; retry 2 of 60 at /) })]);
  // The queue counts the attempts the log shows so far (quick retries may already have added some).
  const failedSoFar = attemptsOf(change.event_id).length;
  expect(simulator.deliveries.queue(ORG)).toEqual([
    expect.objectContaining({ webhook: webhook.url, number_of_attempts: failedSoFar, model_pk: PROJECT_ID, event: "UPDATE" }),
  ]);
  expect(receiver.received).toHaveLength(1);

  await receiver.start();
  await retryNow();

  const attempts = attemptsOf(change.event_id);
  expect(attempts.length).toBeGreaterThanOrEqual(2);
  // Failed attempts, then one that succeeded, and nothing after it.
  expect(attempts.map((attempt) => attempt.successful)).toEqual([...attempts.slice(1).map(() => false), true]);
  for (const failed of attempts.slice(0, -1)) expect(failed.notes).toMatch(/^connection refused; retry \d+ of 60 at /);
  expect(attempts.at(-1)?.notes).toBe("HTTP 200");
  expect(simulator.deliveries.queue(ORG)).toEqual([]);
  expect(receiver.received).toHaveLength(2);
  expect(lastReceived()).toMatchObject({ secret: "current", payload: { event_id: change.event_id, fields: { stage: "proposal" } } });
  expect(receiver.refused()).toBe(0);
});

test(
  "a wrong secret is refused; refresh and up restore the header, and the refused delivery is then accepted",
  async () => {
    const webhook = onlyWebhook(simulator);
    // Someone pastes another value into OpenSolar's UI.
    simulator.editWebhook(ORG, webhook.id, { headers: JSON.stringify({ [DEFAULT_SECRET_HEADER]: "pasted-by-hand" }) });

    const { change, deliveries } = await changeProject({ stage: "contract" });

    expect(deliveries).toEqual([expect.objectContaining({ successful: false, notes: expect.stringMatching(/^HTTP 401; retry 2 of 60 at /) })]);
    expect(receiver.refused()).toBeGreaterThanOrEqual(1);
    expect(receiver.received).toHaveLength(2);
    // The same through the test helper: a wrong secret is a 401, before the body counts.
    const probe = await sendTestDelivery(receiver.url, { secret: "pasted-by-hand" });
    expect(probe.status).toBe(401);
    expect(receiver.received).toHaveLength(2);

    const { refresh, up } = await stack.run(program(), ["refresh", "up"]);

    expect(changedSteps(refresh.steps)).toEqual([["receiver-webhook", "update"]]);
    expect(changedSteps(up.steps)).toEqual([["receiver-webhook", "update"]]);
    expect(sentSecret(onlyWebhook(simulator))).toBe(firstSecret);

    await retryNow();
    const attempts = attemptsOf(change.event_id);
    expect(attempts.at(-1)).toMatchObject({ successful: true, notes: "HTTP 200" });
    for (const failed of attempts.slice(0, -1)) expect(failed.notes).toMatch(/^HTTP 401; retry \d+ of 60 at /);
    expect(receiver.received).toHaveLength(3);
    expect(lastReceived()).toMatchObject({ secret: "current", payload: { event_id: change.event_id, fields: { stage: "contract" } } });
  },
  ENGINE_TIMEOUT_MS,
);

test(
  "rotating the secret refuses nothing: the receiver accepts both secrets before the webhook switches",
  async () => {
    const refusedBefore = receiver.refused();
    const rotated = program({ rotation: "2026-02" });

    // A delivery waits for a retry while the rotation starts: the receiver is down.
    await receiver.stop();
    const waiting = await changeProject({ stage: "sold" });
    expect(waiting.deliveries).toEqual([expect.objectContaining({ successful: false })]);

    // OpenSolar refuses the webhook's PATCH, so this `up` stops right between the receiver's
    // deployment and the webhook: the moment a rotation must survive.
    const removeFault = simulator.addFault({ method: "PATCH", status: 503 });
    const interrupted = await stack.runExpectingFailure(rotated, "up");
    removeFault();

    expect(interrupted.error).toContain("pulumi-opensolar");
    expect(changedSteps(interrupted.steps)).toEqual([
      ["receiver-secret", "update"],
      ["local-receiver", "update"],
    ]);
    const config = deployedConfig();
    rotatedSecret = config?.acceptedSecrets[0] ?? "";
    expect(rotatedSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotatedSecret).not.toBe(firstSecret);
    // [new, old]: the receiver takes both, and the webhook still sends the old one.
    expect(config?.acceptedSecrets).toEqual([rotatedSecret, firstSecret]);
    expect(sentSecret(onlyWebhook(simulator))).toBe(firstSecret);

    // Retried now, the waiting delivery carries the old secret, and is accepted.
    await receiver.start();
    await retryNow();
    expect(attemptsOf(waiting.change.event_id).at(-1)).toMatchObject({ successful: true, notes: "HTTP 200" });
    expect(lastReceived()).toMatchObject({ secret: "previous", payload: { event_id: waiting.change.event_id } });

    // Another delivery waits while the next `up` switches the webhook.
    await receiver.stop();
    const queuedBeforeSwitch = await changeProject({ stage: "installed" });
    expect(queuedBeforeSwitch.deliveries).toEqual([expect.objectContaining({ successful: false })]);

    const { up } = await stack.run(rotated, ["up"]);

    expect(changedSteps(up.steps)).toEqual([["receiver-webhook", "update"]]);
    expect(sentSecret(onlyWebhook(simulator))).toBe(rotatedSecret);
    expect(deployedConfig()?.acceptedSecrets).toEqual([rotatedSecret, firstSecret]);

    // The simulator reads the webhook's headers at each attempt (as a queue that refers to
    // the webhook does): the delivery queued before the switch now carries the new secret.
    await receiver.start();
    await retryNow();
    expect(attemptsOf(queuedBeforeSwitch.change.event_id).at(-1)).toMatchObject({ successful: true, notes: "HTTP 200" });
    expect(lastReceived()).toMatchObject({ secret: "current", payload: { event_id: queuedBeforeSwitch.change.event_id } });

    // Right after the switch: a new change goes out with the new secret.
    const after = await changeProject({ stage: "commissioned" });
    expect(after.deliveries).toEqual([expect.objectContaining({ successful: true, notes: "HTTP 200" })]);
    expect(lastReceived()).toMatchObject({ secret: "current", payload: { event_id: after.change.event_id } });

    // A delivery that left with the old secret just before the switch would still get in.
    const late = await sendTestDelivery(receiver.url, { secret: firstSecret, payload: { model_id: PROJECT_ID, event_id: 9001 } });
    expect(late.status).toBe(200);
    expect(lastReceived()).toMatchObject({ secret: "previous", payload: { event_id: 9001 } });

    expect(receiver.refused()).toBe(refusedBefore);
    expect(simulator.deliveries.queue(ORG)).toEqual([]);
  },
  ENGINE_TIMEOUT_MS,
);

test(
  "enabled: false in code stops deliveries",
  async () => {
    const { up, export: exported } = await stack.run(program({ rotation: "2026-02", enabled: false }), ["up", "export"]);
    finalExport = exported;

    expect(changedSteps(up.steps)).toEqual([["receiver-webhook", "update"]]);
    expect(onlyWebhook(simulator).enabled).toBe(false);
    const logged = simulator.deliveries.log(ORG).length;
    const received = receiver.received.length;

    const { change, deliveries } = await changeProject({ stage: "closed" });

    expect(change.changed_fields).toContain("stage");
    expect(deliveries).toEqual([]);
    expect(simulator.deliveries.log(ORG)).toHaveLength(logged);
    expect(simulator.deliveries.queue(ORG)).toEqual([]);
    expect(receiver.received).toHaveLength(received);
  },
  ENGINE_TIMEOUT_MS,
);

test("in state, the webhook's endpoint depends on the receiver's deployment, which depends on the secret", () => {
  // What makes the engine deploy the receiver before it touches the webhook, on every `up`.
  const resources = new Map(exportedResources(finalExport).map((resource) => [resourceName(resource), resource]));
  const dependencies = (name: string) =>
    (resources.get(name) as (ExportedResource & { propertyDependencies?: Record<string, string[]> }) | undefined)?.propertyDependencies;
  const urn = (name: string) => resources.get(name)?.urn;
  expect(dependencies("receiver-webhook")?.["endpoint"]).toEqual([urn("local-receiver")]);
  expect(dependencies("receiver-webhook")?.["headers"]).toEqual([urn("receiver-secret")]);
  expect(dependencies("local-receiver")?.["acceptedSecrets"]).toEqual([urn("receiver-secret")]);
});

test("neither secret appears in plain text in state or in anything the engine printed", () => {
  const secrets = [firstSecret, rotatedSecret];
  expect(secrets.every((secret) => secret.length === 43)).toBe(true);

  const resources = new Map(exportedResources(finalExport).map((resource) => [resourceName(resource), resource]));
  expect(isEncryptedSecret(resources.get("receiver-secret")?.outputs?.["current"])).toBe(true);
  expect(isEncryptedSecret(resources.get("local-receiver")?.inputs?.["acceptedSecrets"])).toBe(true);
  expect(isEncryptedSecret(resources.get("local-receiver")?.outputs?.["acceptedSecrets"])).toBe(true);
  expect(isEncryptedSecret(resources.get("receiver-webhook")?.outputs?.["headers"])).toBe(true);
  expect(secretsIn(finalExport.exportedText ?? "", secrets)).toEqual([]);
  for (const [index, text] of stack.transcript.entries()) {
    expect({ operation: index, leaked: secretsIn(text, secrets) }).toEqual({ operation: index, leaked: [] });
  }
});
