import { readFileSync } from "node:fs";
import * as path from "node:path";

// js-yaml comes with @pulumi/pulumi; it has no bundled types, so only `load` is described.
const { load } = require("js-yaml") as { load(text: string): unknown };

const WORKFLOW_PATH = path.join(__dirname, "..", "..", "examples", "github-actions", "opensolar-preview.yml");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  "working-directory"?: string;
}

interface Job {
  if?: string;
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  env?: Record<string, unknown>;
  steps: Step[];
}

interface Workflow {
  on: Record<string, { branches?: string[]; paths?: string[] } | null>;
  permissions?: Record<string, string>;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const text = readFileSync(WORKFLOW_PATH, "utf8");
const workflow = load(text) as Workflow;
const jobs = Object.entries(workflow.jobs);

function job(name: string): Job {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`no job ${name}`);
  return found;
}

function pulumiStep(name: string): Step {
  const steps = job(name).steps.filter((step) => step.uses?.startsWith("pulumi/actions@"));
  expect(steps).toHaveLength(1);
  return steps[0] as Step;
}

describe("the GitHub Actions workflow example", () => {
  it("is YAML with a trigger, permissions and jobs", () => {
    expect(workflow).toEqual(expect.objectContaining({ on: expect.any(Object), jobs: expect.any(Object) }));
    expect(workflow.permissions).toEqual({ contents: "read" });
  });

  it("runs on pull requests and pushes to main that touch the program", () => {
    expect(workflow.on["pull_request"]?.paths).toContain("infra/**");
    expect(workflow.on["push"]).toMatchObject({ branches: ["main"], paths: expect.arrayContaining(["infra/**"]) });
    expect(Object.keys(workflow.on)).not.toContain("pull_request_target");
  });

  it("previews on pull requests, with the official actions, and comments on the PR", () => {
    const preview = job("preview");
    expect(preview.if).toContain("github.event_name == 'pull_request'");
    expect(preview.permissions).toMatchObject({ "pull-requests": "write" });
    const uses = preview.steps.map((step) => step.uses).filter((u): u is string => u !== undefined);
    expect(uses).toEqual([
      expect.stringMatching(/^actions\/checkout@v\d+$/),
      expect.stringMatching(/^actions\/setup-node@v\d+$/),
      expect.stringMatching(/^pulumi\/actions@v\d+$/),
    ]);
    expect(pulumiStep("preview").with).toMatchObject({
      command: "preview",
      "comment-on-pr": true,
      "stack-name": "${{ vars.PULUMI_STACK }}",
    });
  });

  it("runs `pulumi up` on a push to main, behind an environment", () => {
    const up = job("up");
    expect(up.if).toContain("github.event_name == 'push'");
    expect(up.if).toContain("refs/heads/main");
    expect(up.environment).toBeDefined();
    expect(pulumiStep("up").with).toMatchObject({ command: "up", "stack-name": "${{ vars.PULUMI_STACK }}" });
  });

  it("hands the OpenSolar token from a secret to the Pulumi steps only", () => {
    for (const name of ["preview", "up"]) {
      expect(pulumiStep(name).env).toMatchObject({
        OPENSOLAR_API_TOKEN: "${{ secrets.OPENSOLAR_API_TOKEN }}",
        PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
      });
    }
    // Neither the workflow nor a job sets secrets for every step (npm ci's install scripts included).
    expect(JSON.stringify(workflow.env ?? {})).not.toContain("secrets.");
    for (const [, each] of jobs) expect(JSON.stringify(each.env ?? {})).not.toContain("secrets.");
    for (const [, each] of jobs) {
      for (const step of each.steps) {
        if (step.uses?.startsWith("pulumi/actions@")) continue;
        expect(JSON.stringify(step)).not.toMatch(/secrets\.|OPENSOLAR_API_TOKEN/);
      }
    }
  });

  it("never prints the token", () => {
    const scripts = jobs.flatMap(([, each]) => each.steps.map((step) => step.run).filter((r): r is string => r !== undefined));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      expect(script).not.toMatch(/OPENSOLAR|TOKEN|secrets\./i);
      expect(script).not.toMatch(/\b(echo|printf|printenv|env|set\s+-x|cat)\b/);
    }
    // The token is referred to only where it is handed to a Pulumi step.
    expect(text.match(/secrets\.OPENSOLAR_API_TOKEN/g)).toHaveLength(2);
  });
});
