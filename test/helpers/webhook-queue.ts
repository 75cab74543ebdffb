import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import worker from "../../src/index";
import type { WebhookMessage } from "../../src/schemas/webhooks";
import { WEBHOOK_QUEUE_NAME } from "../../src/webhooks/policy";

/**
 * Run the Worker's queue handler on one message, as attempt `attempts`, and return what it decided
 * (ack, or retry after how many seconds). Deterministic: no real queue, no waiting for redelivery.
 */
export async function consume(body: WebhookMessage, attempts = 1, envOverrides: Partial<Cloudflare.Env> = {}, queue = WEBHOOK_QUEUE_NAME) {
  const batch = createMessageBatch(queue, [{ id: `m-${body.msgId}-${attempts}`, timestamp: new Date(), attempts, body }]);
  // getQueueResult reports that a message was retried but drops retry()'s options (plugin 1.5), so
  // watch the call to see the backoff delay.
  const retry = vi.spyOn(batch.messages[0]!, "retry");
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, { ...env, ...envOverrides });
  const result = await getQueueResult(batch, ctx);
  return {
    acked: result.explicitAcks.length === 1,
    retried: result.retryMessages.length === 1,
    delaySeconds: retry.mock.calls[0]?.[0]?.delaySeconds,
  };
}

/** A stand-in queue binding that keeps what is sent (or fails every send). */
export function capturingQueue(fail = false) {
  const sent: WebhookMessage[] = [];
  const queue = {
    send: async (m: WebhookMessage) => {
      if (fail) throw new Error("queue unavailable");
      sent.push(m);
    },
  } as unknown as Queue;
  return { sent, queue };
}
