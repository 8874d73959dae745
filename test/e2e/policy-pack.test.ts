import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ENGINE_TIMEOUT_MS } from "../../testkit/engine/e2e-session";
import { mutations, onlyWebhook, sentHeaders } from "../../testkit/test-simulator";
import type { CliStack } from "./harness/cli-session";
import { policyPackCopy } from "./harness/policy-pack";
import { newTypeScriptProject } from "./harness/typescript-project";
import { useCliSession } from "./harness/use-cli-session";

// examples/policy-pack run as a pull-request review runs it: `pulumi preview --policy-pack`
// with the real CLI (its Node.js language host starts the pack), on a TypeScript project
// that declares webhooks, with the dynamic OpenSolarWebhook and with the native provider's
// type. A mandatory violation fails the preview and names the policy and the resource; a
// declaration that keeps the rules previews and applies.

const SCENARIO_TIMEOUT_MS = 4 * ENGINE_TIMEOUT_MS;
const INSTALL_TIMEOUT_MS = 10 * 60_000;
const SECRET_HEADER = "X-OpenSolar-Webhook-Secret";

/** A way to declare a webhook: its type token, and the program lines that give `Webhook`. */
interface FrontEnd {
  readonly type: string;
  readonly prelude: string;
}

const DYNAMIC: FrontEnd = {
  type: "pulumi-nodejs:dynamic/opensolar:OpenSolarWebhook",
  prelude: `import { OpenSolarWebhook as Webhook } from "pulumi-opensolar";`,
};

// The native provider's resource by its token, headers made secret as the generated SDK does;
// the project's Pulumi.yaml points at the plugin folder the package ships.
const NATIVE: FrontEnd = {
  type: "opensolar:index:Webhook",
  prelude: `class Webhook extends pulumi.CustomResource {
  constructor(name: string, args: pulumi.Inputs) {
    super("opensolar:index:Webhook", name, { ...args, headers: args["headers"] === undefined ? undefined : pulumi.secret(args["headers"]) });
  }
}`,
};

/** Everything the pack says the bad declaration breaks, by policy: the rule as the reviewer reads it. */
const BAD_DECLARATION_VIOLATIONS = {
  "opensolar-webhook-https-only": ["endpoint uses http, not https", "allowInsecureEndpoint is true"],
  "opensolar-webhook-secret-header": ["headers is empty"],
  "opensolar-webhook-no-project-wildcard": ['triggerFields holds "project.*"'],
};

/** A declaration that keeps every rule: https, a secret header, named trigger fields. */
const GOOD = `new Webhook("good", {
  endpoint: "https://crm.example.com/hooks/opensolar",
  headers: { "${SECRET_HEADER}": config.requireSecret("webhookSecret") },
  triggerFields: ["project.stage", "contact.*"],
  payloadFields: ["project.id", "project.stage"],
})`;

/** Breaks all three: http let through by allowInsecureEndpoint, no headers, a project.* trigger. */
const BAD = `new Webhook("bad", {
  endpoint: "http://crm.example.com/hooks/opensolar",
  allowInsecureEndpoint: true,
  triggerFields: ["project.*", "contact.*"],
  payloadFields: ["project.id"],
})`;

function program(frontEnd: FrontEnd, declarations: Record<string, string>): string {
  const exports = Object.entries(declarations).map(([name, declaration]) => `export const ${name} = ${declaration}.urn;`);
  return `import * as pulumi from "@pulumi/pulumi";
${frontEnd.prelude}

const config = new pulumi.Config();

${exports.join("\n\n")}
`;
}

const cli = useCliSession();
let policyPack = "";
beforeAll(() => {
  policyPack = policyPackCopy(path.join(cli.session.tempDir, "policy-pack"));
}, INSTALL_TIMEOUT_MS);

/**
 * A stack of a new project with `indexTs`, configured for this test's OpenSolar and a
 * webhook secret. For the native type, Pulumi.yaml names the plugin folder the installed
 * package ships, as the README tells users.
 */
async function newStack(name: string, frontEnd: FrontEnd, indexTs: string): Promise<CliStack> {
  const project = newTypeScriptProject(cli.session.projectDir(name), { name, indexTs });
  if (frontEnd === NATIVE) {
    const plugin = path.join(project.dir, "node_modules", "pulumi-opensolar", "dist", "plugin");
    fs.appendFileSync(path.join(project.dir, "Pulumi.yaml"), `plugins:\n  providers:\n    - name: opensolar\n      path: ${plugin}\n`);
  }
  const stack = cli.session.stack(project.dir, "dev");
  const webhookSecret = randomBytes(24).toString("hex");
  cli.session.declareSecret(webhookSecret, `header "${SECRET_HEADER}"`);
  await stack.configureProvider(cli.simulator);
  await stack.pulumi("config", "set", "--secret", "webhookSecret", webhookSecret);
  return stack;
}

/** The violations the preview printed, as "policy (type: resource)" and the reasons under it. */
function violationsIn(output: string): Array<{ policy: string; resource: string; text: string }> {
  const found: Array<{ policy: string; resource: string; text: string }> = [];
  const pattern = /- \[mandatory\]\s+(\S+)\s+\(([^)]+)\)\n([\s\S]*?)(?=\n\s*- \[|\n\s*\n)/g;
  for (const match of output.matchAll(pattern)) found.push({ policy: match[1] ?? "", resource: match[2] ?? "", text: match[3] ?? "" });
  return found;
}

test.each([
  ["the dynamic OpenSolarWebhook", DYNAMIC],
  ["the native opensolar:index:Webhook", NATIVE],
])(
  "%s with an http endpoint (allowInsecureEndpoint), no headers and a project.* trigger fails the preview, each policy named; the good one beside it is not flagged",
  async (_label, frontEnd) => {
    const stack = await newStack(`bad-${frontEnd === NATIVE ? "native" : "dynamic"}`, frontEnd, program(frontEnd, { bad: BAD, good: GOOD }));
    try {
      // Without the pack the provider accepts the declaration: the rules are the review's, not OpenSolar's.
      expect(await stack.pulumi("preview")).toMatch(/\+ 3 to create/);

      const output = await stack.pulumiFailing("preview", "--policy-pack", policyPack);
      expect(output).toMatch(/❌ opensolar-webhooks@v0\.1\.0 \(local: /);
      const violations = violationsIn(output);
      for (const [policy, reasons] of Object.entries(BAD_DECLARATION_VIOLATIONS)) {
        const reported = violations.filter((violation) => violation.policy === policy);
        expect(reported.map((violation) => violation.resource)).toEqual(reasons.map(() => `${frontEnd.type}: bad`));
        for (const reason of reasons) expect(reported.some((violation) => violation.text.includes(reason))).toBe(true);
      }
      expect(violations).toHaveLength(Object.values(BAD_DECLARATION_VIOLATIONS).flat().length);
      expect(violations.filter((violation) => !violation.resource.endsWith(": bad"))).toEqual([]);
      // A preview: OpenSolar heard nothing.
      expect(mutations(cli.simulator)).toEqual([]);
    } finally {
      await stack.remove();
    }
  },
  SCENARIO_TIMEOUT_MS,
);

test(
  "a declaration that keeps the rules passes the pack on preview and on up",
  async () => {
    const stack = await newStack("good-webhooks", DYNAMIC, program(DYNAMIC, { good: GOOD }));
    try {
      const preview = await stack.pulumi("preview", "--policy-pack", policyPack);
      expect(preview).toMatch(/✅ opensolar-webhooks@v0\.1\.0 \(local: /);
      expect(preview).toMatch(/\+ 2 to create/);
      expect(violationsIn(preview)).toEqual([]);

      // The pack runs on `up` too (a mandatory violation would stop it before any request).
      const up = await stack.pulumi("up", "--yes", "--policy-pack", policyPack);
      expect(up).toMatch(/✅ opensolar-webhooks@v0\.1\.0/);
      expect(up).toMatch(/\+ 2 created/);
      const created = onlyWebhook(cli.simulator);
      expect(created).toMatchObject({ endpoint: "https://crm.example.com/hooks/opensolar", trigger_fields: ["project.stage", "contact.*"] });
      expect(Object.keys(sentHeaders(created).headers)).toEqual([SECRET_HEADER]);

      expect(await stack.pulumi("destroy", "--yes")).toMatch(/- 2 deleted/);
    } finally {
      await stack.remove();
    }
  },
  SCENARIO_TIMEOUT_MS,
);
