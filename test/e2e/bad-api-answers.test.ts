import { OWNER_HEADER_VALUE } from "../../provider/webhook/owner-marker";
import type { FaultRule, Simulator } from "../../simulator";
import type { OperationResult, ProgramSpec } from "../../testkit/driver/protocol";
import { HEADER_VALUE, PAYLOAD_FIELDS, RECEIVER_URL, TRIGGER_FIELDS, webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { resourceName, webhookResources } from "../../testkit/engine/exported-state";
import { sentHeaders, TOKEN, withSimulator } from "../../testkit/test-simulator";
import { convergence, heldWebhooks, type Convergence } from "./harness/convergence";
import { isPost } from "./harness/request-watch";
import { useE2eSession } from "./harness/use-e2e-session";

// OpenSolar (or a proxy in front of it) answering with something that is not a webhook:
// text, HTML pages, a webhook without `id`, fields of the wrong type, on create and on
// refresh. Each must fail with an error that says which call and what was wrong, leave state
// without a half-made resource, and a later run without the fault must converge.
// Each bad answer comes from its own org, so one run shows them all and tells them apart.

const HEALTHY_ORG = 1;
const ORGS = [HEALTHY_ORG, 2, 3, 4, 5, 6];
const CLEAN: Convergence = { duplicates: [], orphans: { notInState: [], notInOpenSolar: [] }, differences: [], pendingOperations: 0 };

const FIRST_ANSWER_DELAY_MS = 1_200;
const HTML_PAGE = "<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>";
const HTML_ERROR = (status: number) =>
  `<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status}</h1></center><hr><center>nginx</center></body></html>`;

/** What OpenSolar would answer for the declaration of `org`, before the fault mangles it. */
function storedShape(org: number): Record<string, unknown> {
  return {
    id: 900 + org,
    url: `https://api.opensolar.com/api/orgs/${org}/webhooks/${900 + org}/`,
    org: `https://api.opensolar.com/api/orgs/${org}/`,
    endpoint: endpointOf(org),
    headers: JSON.stringify({ Authorization: `Bearer ${HEADER_VALUE}` }),
    enabled: true,
    debug: false,
    trigger_fields: [...TRIGGER_FIELDS],
    payload_fields: [...PAYLOAD_FIELDS],
    created_date: "2026-01-05T10:00:00Z",
    modified_date: "2026-01-05T10:00:00Z",
  };
}
function withoutId(webhook: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = webhook;
  return rest;
}

interface BadAnswer {
  readonly org: number;
  /** The webhook whose GET by id answers badly; else the org's list (POST, GET). */
  readonly webhookId?: number;
  readonly title: string;
  readonly fault: Omit<FaultRule, "method" | "path">;
  /** The error the engine must print, naming the call. */
  readonly error: RegExp;
}

const pathOf = (org: number, webhookId?: number) => `/api/orgs/${org}/webhooks/${webhookId === undefined ? "" : `${webhookId}/`}`;
const unusable = (method: string, org: number, problem: string, webhookId?: number) =>
  new RegExp(`pulumi-opensolar: ${method} ${pathOf(org, webhookId)} answered with a body this provider cannot use: ${problem}`);
const failedWithHtml = (method: string, org: number, status: number, webhookId?: number) =>
  new RegExp(`pulumi-opensolar: ${method} ${pathOf(org, webhookId)} failed with HTTP ${status}\\. The answer was an HTML page instead of JSON`);

const ON_CREATE: readonly BadAnswer[] = [
  { org: 2, title: "text instead of JSON", fault: { status: 201, rawBody: "Created", contentType: "text/plain" }, error: unusable("POST", 2, "text that is not JSON") },
  { org: 3, title: "an HTML page with 200", fault: { status: 200, rawBody: HTML_PAGE, contentType: "text/html" }, error: unusable("POST", 3, "an HTML page instead of JSON") },
  { org: 4, title: "an HTML error page with 502", fault: { status: 502, rawBody: HTML_ERROR(502), contentType: "text/html" }, error: failedWithHtml("POST", 4, 502) },
  { org: 5, title: "a webhook without id", fault: { status: 201, rawBody: JSON.stringify(withoutId(storedShape(5))) }, error: unusable("POST", 5, "id: ") },
  {
    org: 6,
    title: "a webhook whose enabled is a string",
    fault: { status: 201, rawBody: JSON.stringify({ ...storedShape(6), enabled: "yes" }) },
    error: unusable("POST", 6, "enabled: .*expected boolean"),
  },
];

/**
 * Bad answers to the GET by id of each org's webhook, given the id it has in state: a
 * refresh reads a webhook whose create was answered at its first POST by id.
 */
const onRefresh = (idOf: (org: number) => number): readonly BadAnswer[] => {
  const answer = (org: number, title: string, fault: BadAnswer["fault"], error: (id: number) => RegExp): BadAnswer => ({
    org,
    webhookId: idOf(org),
    title,
    fault,
    error: error(idOf(org)),
  });
  return [
    answer(2, "text instead of JSON", { status: 200, rawBody: "OK", contentType: "text/plain" }, (id) => unusable("GET", 2, "text that is not JSON", id)),
    answer(3, "an HTML page with 200", { status: 200, rawBody: HTML_PAGE, contentType: "text/html" }, (id) => unusable("GET", 3, "an HTML page instead of JSON", id)),
    answer(4, "an HTML error page with 503", { status: 503, rawBody: HTML_ERROR(503), contentType: "text/html" }, (id) => failedWithHtml("GET", 4, 503, id)),
    answer(5, "a webhook without id", { status: 200, rawBody: JSON.stringify(withoutId(storedShape(5))) }, (id) => unusable("GET", 5, "id: ", id)),
    answer(6, "the webhook, with trigger_fields a string", { status: 200, rawBody: JSON.stringify({ ...storedShape(6), id: idOf(6), trigger_fields: "project.stage" }) }, (id) =>
      unusable("GET", 6, "trigger_fields: ", id),
    ),
  ];
};

function endpointOf(org: number): string {
  return `${RECEIVER_URL}/org-${org}`;
}

/** One webhook per org; the healthy org's first, so its create starts before a failure stops the run. */
const PROGRAM: ProgramSpec = { webhooks: ORGS.map((org) => webhookDeclaration(`org-${org}`, { orgId: org, endpoint: endpointOf(org) })) };

/**
 * The first bad answer of each org comes late, so that every call has started before the
 * first failure stops the engine from starting more: then each one is reported.
 */
function inject(simulator: Simulator, method: "POST" | "GET", answers: readonly BadAnswer[]): void {
  for (const answer of answers) {
    const path = pathOf(answer.org, answer.webhookId);
    simulator.addFault({ method, path, ...answer.fault, latencyMs: FIRST_ANSWER_DELAY_MS, times: 1 });
    simulator.addFault({ method, path, ...answer.fault });
  }
}

/** Each webhook resource of an export, without the ciphertext (re-encrypted on every write). */
function recorded(exported: OperationResult): Record<string, unknown> {
  return Object.fromEntries(
    webhookResources(exported).map((resource) => {
      const { headers: _headers, ...outputs } = resource.outputs ?? {};
      return [resourceName(resource), { id: resource.id, outputs }];
    }),
  );
}

const e2e = useE2eSession();

test(
  "bad answers to POST (text, HTML, no id, wrong types) fail clearly, record nothing half-made; without them up converges",
  () =>
    withSimulator(
      async (simulator) => {
        // A small timeout: the provider waits that long before looking for a POST answered with 502.
        const stack = e2e.stack("bad-create-answers", simulator, { env: { OPENSOLAR_TIMEOUT_MS: "2000" } });
        inject(simulator, "POST", ON_CREATE);

        const failed = await stack.runExpectingFailure(PROGRAM, "up");
        for (const answer of ON_CREATE) {
          expect({ answer: answer.title, error: failed.error }).toEqual({ answer: answer.title, error: expect.stringMatching(answer.error) });
        }
        simulator.clearFaults();

        const { export: afterFailure } = await stack.run(PROGRAM, ["export"]);
        // Nothing half-made: no create left pending, no resource for a bad answer, state = OpenSolar.
        expect(convergence(afterFailure, heldWebhooks(simulator, ORGS))).toEqual(CLEAN);
        expect(Object.keys(recorded(afterFailure)).filter((name) => name !== `org-${HEALTHY_ORG}`)).toEqual([]);

        // A proxy may mangle the answer of a POST the API did carry out: that webhook, with the
        // marker the POST carried, must be taken by the rerun, not duplicated.
        const lastPost = simulator.requests.filter((request) => isPost(request) && request.path === "/api/orgs/5/webhooks/").at(-1);
        const sentMarkers = sentHeaders({ headers: String((lastPost?.body as { headers?: unknown } | undefined)?.headers ?? "{}") }).markers;
        expect(sentMarkers).toHaveLength(1);
        const carriedOut = simulator.seedWebhook(5, {
          endpoint: endpointOf(5),
          headers: JSON.stringify({ Authorization: `Bearer ${HEADER_VALUE}`, [sentMarkers[0] ?? ""]: OWNER_HEADER_VALUE }),
          trigger_fields: [...TRIGGER_FIELDS],
          payload_fields: [...PAYLOAD_FIELDS],
        });
        const firstRerunRequest = simulator.requests.length;
        const { up, export: converged } = await stack.run(PROGRAM, ["up", "export"]);

        const created = Object.keys(recorded(afterFailure)).length;
        expect(up.changes).toEqual({ same: created + 1, create: ORGS.length - created });
        expect(convergence(converged, heldWebhooks(simulator, ORGS))).toEqual(CLEAN);
        expect(ORGS.map((org) => simulator.webhooks(org).length)).toEqual(ORGS.map(() => 1));
        expect(simulator.webhooks(5)).toEqual([expect.objectContaining({ id: carriedOut.id })]);
        const posts = simulator.requests.slice(firstRerunRequest).filter(isPost);
        expect(posts.map((request) => request.path)).not.toContain("/api/orgs/5/webhooks/");
      },
      { tokens: { [TOKEN]: ORGS } },
    ),
  2 * ENGINE_TIMEOUT_MS,
);

test(
  "bad answers on refresh (text, HTML, no id, wrong types) fail clearly and leave state as it was; without them nothing changes",
  () =>
    withSimulator(
      async (simulator) => {
        const stack = e2e.stack("bad-refresh-answers", simulator);
        const { export: before } = await stack.run(PROGRAM, ["up", "export"]);
        expect(Object.keys(recorded(before))).toHaveLength(ORGS.length);

        const inState = recorded(before);
        const badReads = onRefresh((org) => Number((inState[`org-${org}`] as { id: string }).id));
        inject(simulator, "GET", badReads);
        const failed = await stack.runExpectingFailure(PROGRAM, "refresh");
        simulator.clearFaults();
        for (const answer of badReads) {
          expect({ answer: answer.title, error: failed.error }).toEqual({ answer: answer.title, error: expect.stringMatching(answer.error) });
        }

        const { export: after, refresh, up } = await stack.run(PROGRAM, ["export", "refresh", "up"]);
        expect(recorded(after)).toEqual(recorded(before));
        expect(convergence(after, heldWebhooks(simulator, ORGS))).toEqual(CLEAN);
        expect(refresh.changes).toEqual({ same: ORGS.length + 1 });
        expect(up.changes).toEqual({ same: ORGS.length + 1 });
      },
      { tokens: { [TOKEN]: ORGS } },
    ),
  2 * ENGINE_TIMEOUT_MS,
);
