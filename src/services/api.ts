// Typed client for the `api` cloud function. Pages call this, never the platform directly.
import type { ActionInput, ActionName, ActionOutput } from '../core/api/contract';
import { platform } from './platform';

export class ApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly details?: Record<string, string>,
  ) {
    super(message);
  }
}

export async function call<A extends ActionName>(action: A, data: ActionInput<A>): Promise<ActionOutput<A>> {
  let res;
  try {
    res = await platform.callFunction({ action, data } as never);
  } catch {
    throw new ApiError('NETWORK', '网络不稳定，请稍后重试');
  }
  if (!res || typeof res !== 'object') throw new ApiError('INTERNAL', '服务暂时不可用，请稍后重试');
  if (!res.ok) throw new ApiError(res.code ?? 'INTERNAL', res.message ?? '操作失败，请重试', res.details);
  return res.data as ActionOutput<A>;
}

export function newRequestId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
