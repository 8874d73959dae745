// `pulumi-opensolar/receiver`: verify and parse OpenSolar webhook deliveries. OpenSolar
// signs nothing, so a shared secret in a configured header is the proof of origin.

export { DEFAULT_SECRET_HEADER, generateSharedSecret, sharedSecretHeaders } from "./secret";
export { verifySharedSecret, type HeadersLike, type SharedSecretOptions } from "./verify";
export {
  parsePayload,
  webhookPayloadSchema,
  PAYLOAD_EVENTS,
  PAYLOAD_MODELS,
  type ChangePayload,
  type ContactPayload,
  type DeletePayload,
  type EventPayload,
  type ParseResult,
  type PayloadEvent,
  type PayloadModel,
  type PayloadProblem,
  type ProjectPayload,
  type WebhookPayload,
  type WebhookPayloadJson,
} from "./payload";
export type { ContactFields, ContactSummary, EventFields, ProjectFields, RoleSummary, SystemSummary } from "./fields";
export { receiveWebhook, type IncomingDelivery, type ReceiveOptions, type ReceiveResult } from "./receive";
export { DEFAULT_MAX_BODY_BYTES, type HandlerOptions, type PayloadHandler } from "./handle";
export { createNodeHandler, type NodeHandlerOptions } from "./node";
export { expressMiddleware, type ExpressMiddlewareOptions } from "./express";
export { createFetchHandler, type FetchHandlerOptions } from "./fetch";
export {
  buildTestDelivery,
  sendTestDelivery,
  type SendTestDeliveryOptions,
  type TestDelivery,
  type TestDeliveryOptions,
} from "./test-request";
