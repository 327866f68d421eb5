// Error codes every action may answer with; the message is Chinese and tells a person what to do.
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_STATE'
  | 'CONTENT_RISKY'
  | 'NO_HOUSEHOLD'
  | 'RATE_LIMITED'
  | 'UNKNOWN_ACTION'
  | 'INTERNAL';

export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const fail = (code: ErrorCode, message: string, details?: Record<string, string>): never => {
  throw new DomainError(code, message, details);
};

export interface Ok<T> {
  ok: true;
  data: T;
}
export interface Err {
  ok: false;
  code: ErrorCode;
  message: string;
  details?: Record<string, string>;
}
export type ActionResult<T> = Ok<T> | Err;
