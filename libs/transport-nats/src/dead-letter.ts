import type { JetStreamClient, JsMsg } from 'nats';
import { publishWithRetry } from './publish.js';

export const DEAD_REASON_HEADER = 'Lab-Dead-Reason';
export const SOURCE_SUBJECT_HEADER = 'Lab-Source-Subject';
export const SOURCE_SEQUENCE_HEADER = 'Lab-Source-Sequence';

/** Headers travel on one protocol line: keep the reason short and on one line. */
const MAX_REASON_CHARS = 1000;

function headerValue(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').slice(0, MAX_REASON_CHARS);
}

/**
 * A deadLetter function for a consume loop: the original payload goes to
 * `subjectFor(msg)` (a subject of a dead-letter stream the caller created),
 * with the reason and its origin in headers. The message id is the source
 * stream and sequence, so dead-lettering the same message twice (a term lost
 * in a disconnect, a crash in between) keeps one copy.
 */
export function deadLetterPublisher(
  js: JetStreamClient,
  subjectFor: (msg: JsMsg) => string,
): (msg: JsMsg, reason: string) => Promise<void> {
  return async (msg, reason) => {
    await publishWithRetry(js, subjectFor(msg), msg.data, {
      msgId: `${msg.info.stream}:${msg.seq}`,
      headers: {
        [DEAD_REASON_HEADER]: headerValue(reason),
        [SOURCE_SUBJECT_HEADER]: msg.subject,
        [SOURCE_SEQUENCE_HEADER]: String(msg.seq),
      },
    });
  };
}
