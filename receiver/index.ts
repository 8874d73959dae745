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
  type PayloadParseResult,
  type PayloadEvent,
  type PayloadModel,
  type PayloadProblem,
  type ProjectPayload,
  type WebhookPayload,
  type WebhookPayloadJson,
} from "./payload";
export type { ContactFields, ContactSummary, EventFields, ProjectFields, RoleSummary, SystemSummary } from "./fields";
export {
  receiveWebhook,
  DEFAULT_MAX_BODY_BYTES,
  type HandlerOptions,
  type IncomingDelivery,
  type PayloadHandler,
  type ReceiveOptions,
  type ReceiveResult,
} from "./receive";
export { createNodeHandler, expressMiddleware, type ExpressMiddlewareOptions, type NodeHandlerOptions } from "./node-adapters";
export { createFetchHandler, type FetchHandlerOptions } from "./fetch-adapter";
export {
  buildTestDelivery,
  sendTestDelivery,
  type SendTestDeliveryOptions,
  type TestDelivery,
  type TestDeliveryOptions,
} from "./test-delivery";
