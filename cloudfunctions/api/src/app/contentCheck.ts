// Content security (内容安全): text another person will see passes msgSecCheck first.
import { fail } from '../../../../src/core/errors';
import type { Ctx } from '../context';

/** 87014 or suggest=risky: the text may not be shown to others. */
export async function checkContent(ctx: Ctx, content: string): Promise<void> {
  let risky = false;
  try {
    const r = await ctx.cloud.openapi.security.msgSecCheck({ openid: ctx.openid, scene: 2, version: 2, content });
    risky = r.result?.suggest === 'risky' || r.errCode === 87014;
  } catch (err) {
    if ((err as { errCode?: number }).errCode === 87014) risky = true;
    else throw err;
  }
  if (risky) fail('CONTENT_RISKY', '内容含有不适宜公开的信息，请修改后再提交');
}

/** Every text a person typed into one command, checked in one call (they are shown together). */
export async function checkTexts(ctx: Ctx, texts: string[]): Promise<void> {
  if (texts.length) await checkContent(ctx, texts.join('\n'));
}
