import { DEFAULT_PAYLOAD_FIELDS, DEFAULT_TRIGGER_FIELDS } from "../../provider/webhook/defaults";
import { HEADER_VALUE, PAYLOAD_FIELDS, RECEIVER_URL, TRIGGER_FIELDS, webhookDeclaration } from "../../testkit/engine/declarations";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { WEBHOOK_TYPE } from "../../testkit/engine/exported-state";
import { mutations, ORG, OTHER_ORG, sentHeaders, withSimulator } from "../../testkit/test-simulator";
import { useE2eSession } from "./harness/use-e2e-session";

// Point 1: `pulumi up` creates the webhook exactly as declared, and nothing else.

const e2e = useE2eSession();

test(
  "preview plans one create; up POSTs once and OpenSolar holds exactly the declaration",
  () =>
    withSimulator(async (simulator) => {
      const stack = e2e.stack("create-declared", simulator);
      const { preview, up } = await stack.run({ webhooks: [webhookDeclaration("crm-sync")] }, ["preview", "up"]);

      expect(preview.steps).toEqual([expect.objectContaining({ name: "crm-sync", type: WEBHOOK_TYPE, op: "create" })]);
      expect(up.changes).toEqual({ create: 2 }); // the stack and the webhook
      expect(mutations(simulator)).toEqual([`POST /api/orgs/${ORG}/webhooks/`]);

      const stored = simulator.webhooks(ORG);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({
        endpoint: RECEIVER_URL,
        enabled: true,
        debug: false,
        trigger_fields: [...TRIGGER_FIELDS],
        payload_fields: [...PAYLOAD_FIELDS],
      });
      // The declared headers, and the marker that proves the provider made the webhook.
      expect(sentHeaders(stored[0])).toEqual({ headers: { Authorization: `Bearer ${HEADER_VALUE}` }, markers: [expect.any(String)] });
      expect(simulator.webhooks(OTHER_ORG)).toEqual([]);

      const created = stored[0];
      expect(up.outputs?.["webhooks"]).toEqual({
        secret: false,
        value: {
          "crm-sync": {
            webhookId: created?.id,
            url: created?.url,
            orgId: ORG,
            endpoint: RECEIVER_URL,
            enabled: true,
            debug: false,
            triggerFields: [...TRIGGER_FIELDS],
            payloadFields: [...PAYLOAD_FIELDS],
            allowInsecureEndpoint: false,
            onDelete: "delete",
            createdDate: created?.created_date,
          },
        },
      });
      expect(up.outputs?.["headers"]?.secret).toBe(true);
    }),
  ENGINE_TIMEOUT_MS,
);

test(
  "lists left out are sent as OpenSolar's documented defaults; flags as declared",
  () =>
    withSimulator(async (simulator) => {
      const stack = e2e.stack("create-defaults", simulator);
      const minimal = { name: "minimal", endpoint: RECEIVER_URL, enabled: false, debug: true };
      const { up } = await stack.run({ webhooks: [minimal] }, ["up"]);

      const stored = simulator.webhooks(ORG);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ endpoint: RECEIVER_URL, enabled: false, debug: true });
      expect(new Set(stored[0]?.trigger_fields)).toEqual(new Set(DEFAULT_TRIGGER_FIELDS));
      expect(new Set(stored[0]?.payload_fields)).toEqual(new Set(DEFAULT_PAYLOAD_FIELDS));
      expect(sentHeaders(stored[0])).toEqual({ headers: {}, markers: [expect.any(String)] });
      // Every documented output is there, also for inputs left out.
      expect(up.outputs?.["webhooks"]?.value).toEqual({
        minimal: expect.objectContaining({
          orgId: ORG,
          enabled: false,
          debug: true,
          triggerFields: expect.arrayContaining([...DEFAULT_TRIGGER_FIELDS]),
          payloadFields: expect.arrayContaining([...DEFAULT_PAYLOAD_FIELDS]),
          allowInsecureEndpoint: false,
          onDelete: "delete",
        }),
      });
    }),
  ENGINE_TIMEOUT_MS,
);
