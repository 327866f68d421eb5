import { fail } from '../../../../../src/core/errors';
import { ResolveInput } from '../../../../../src/core/schemas';
import { defineAction } from '../../action';
import { runItemCommand } from '../../app/itemCommand';

export const resolve = defineAction({
  name: 'item.resolve',
  input: ResolveInput,
  async run(ctx, { id, version, note, photos }) {
    if (photos.some((p) => !p.includes(`/uploads/${ctx.openid}/`))) return fail('FORBIDDEN', '只能使用您本人上传的图片，请重新上传');
    return runItemCommand(ctx, { id, version }, 'resolve', () => ({ type: 'resolve', note, photos }));
  },
});
