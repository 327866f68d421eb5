import * as v from 'valibot';
import type { WhoAmI } from '../../../../src/core/api/contract';
import { defineAction } from '../action';
import { holderKeysOf as holderKeys } from '../app/issuers';

export const whoami = defineAction({
  name: 'auth.whoami',
  input: v.object({}),
  async run(ctx): Promise<WhoAmI> {
    const user = await ctx.user();
    // One read, for staff only: residents never hold a card.
    const person = user?.person ? await ctx.repos.people.get(user.person.id) : null;
    return {
      openid: ctx.openid,
      roles: user?.roles ?? [],
      person: user?.person,
      household:
        user?.householdId && user.household
          ? { id: user.householdId, label: user.household.label, gridId: user.household.gridId }
          : undefined,
      canHandle: holderKeys(user).length > 0,
      isAdmin: !!user?.roles.some((r) => r.role === 'communityAdmin' || r.role === 'streetAdmin'),
      ...(user?.person ? { hasCard: !!person?.cardCode } : {}),
    };
  },
});
