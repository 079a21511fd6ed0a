import type { RunnerErrorCode } from '../schemas/runner.ts';

/** A refusal the client is told about as an `error` reply with this code; `message` is written for the learner. */
export class RequestError extends Error {
  override name = 'RequestError';
  readonly code: RunnerErrorCode;

  constructor(code: RunnerErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
