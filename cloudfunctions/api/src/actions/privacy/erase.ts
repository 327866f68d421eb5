import type { EraseResult } from '../../../../../src/core/personal/contract';
import { PrivacyEraseInput } from '../../../../../src/core/personal/schemas';
import { defineAction } from '../../action';
import { eraseMine } from '../../app/erase';

/**
 * 个人信息删除: the caller (by the wx-context OPENID, never an input) erases their own data, in
 * bounded, resumable steps (app/erase.ts). The page confirms first and calls again until done.
 */
export const privacyErase = defineAction({
  name: 'privacy.erase',
  input: PrivacyEraseInput,
  async run(ctx): Promise<EraseResult> {
    return eraseMine(ctx, ctx.openid);
  },
});
