// Messages on the owner's live socket (docs/contract.md#api-shapes). Client messages are validated with zod.
import { LiveClientMessage, type LiveServerMessage } from "../../schemas/live";

export const encode = (msg: LiveServerMessage): string => JSON.stringify(msg);

/** The answer to anything an owner's socket sends: pong to a ping, a clear error otherwise. */
export function replyTo(raw: string | ArrayBuffer | ArrayBufferView): LiveServerMessage {
  let parsed;
  try {
    parsed = LiveClientMessage.safeParse(JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw)));
  } catch {
    parsed = null;
  }
  return parsed?.success ? { type: "pong" } : { type: "error", message: 'expected {"type":"ping"}' };
}
