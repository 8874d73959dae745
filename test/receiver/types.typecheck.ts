// Type-level tests, checked by `tsc -p tsconfig.json --noEmit` (not run by jest).
import express from "express";
import { createServer } from "node:http";
import {
  createFetchHandler,
  createNodeHandler,
  expressMiddleware,
  parsePayload,
  receiveWebhook,
  verifySharedSecret,
  type ContactPayload,
  type DeletePayload,
  type ProjectPayload,
  type WebhookPayload,
} from "pulumi-opensolar/receiver";

declare const payload: WebhookPayload;
declare const deleted: DeletePayload<"Project">;
declare const project: ProjectPayload;

// @ts-expect-error a DELETE payload has no fields
void deleted.fields;

// @ts-expect-error fields are not there before narrowing on the event
void project.fields;

if (payload.event !== "DELETE") {
  const fields: Record<string, unknown> = payload.fields;
  void fields;
  if (payload.model === "Project") {
    const stage: number | null | undefined = payload.fields.stage;
    const emails = payload.fields.contacts_data?.map((contact) => contact.email);
    void stage;
    void emails;
    // Unknown fields are reachable, typed unknown, by index.
    const custom: unknown = payload.fields["custom_field"];
    void custom;
    // @ts-expect-error a project field is not a string
    const wrong: string = payload.fields.stage;
    void wrong;
  }
}

declare const contact: ContactPayload;
if (contact.event === "UPDATE") {
  const email: string | null | undefined = contact.fields.email;
  void email;
}

const id: number = payload.model_id;
const date: Date = payload.date;
const timestamp: string = payload.timestamp;
void id;
void date;
void timestamp;

// @ts-expect-error no such model
const noSuchModel: WebhookPayload["model"] = "Site";
void noSuchModel;

const result = parsePayload("{}");
if (result.ok) {
  const parsed: WebhookPayload = result.payload;
  void parsed;
} else {
  const paths: string[] = result.problems.map((problem) => problem.path);
  void paths;
}

const received = receiveWebhook({ headers: {}, body: "" }, { secrets: ["a", "b"] });
if (received.status === 200) {
  const ok: WebhookPayload = received.payload;
  void ok;
} else if (received.status === 400) {
  void received.problems;
}

// A previous secret may be an unset variable.
verifySharedSecret(new Headers(), { secrets: ["current", process.env["PREVIOUS_SECRET"]] });
// @ts-expect-error at most a current and a previous secret
verifySharedSecret({}, { secrets: ["a", "b", "c"] });
// @ts-expect-error a current secret is required
verifySharedSecret({}, { secrets: [] });

// The adapters fit their frameworks without casts.
createServer(createNodeHandler({ secrets: ["s"] }, () => undefined));
express().post("/hook", expressMiddleware({ secrets: ["s"] }, async () => undefined));
const handle: (request: Request) => Promise<Response> = createFetchHandler({ secrets: ["s"] }, () => undefined);
void handle;
// @ts-expect-error the handler gets a payload, not a request
createNodeHandler({ secrets: ["s"] }, (payload: Request) => void payload);
