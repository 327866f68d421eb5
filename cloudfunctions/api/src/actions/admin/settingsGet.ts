import { SettingsGetInput, settingsFor } from '../../../../../src/core/settings';
import { defineAction } from '../../action';
import { departmentScopes, readableStreet, settingsView } from './settingsView';

/** A street's settings (街道设置): street admins edit them; community admins and grid leaders read them. */
export const settingsGet = defineAction({
  name: 'settings.get',
  input: SettingsGetInput,
  async run(ctx, { nodeId }) {
    const { street, editable } = await readableStreet(ctx, nodeId);
    const [doc, queues] = await Promise.all([ctx.repos.settings.doc(street._id), ctx.repos.settings.queueNodes(street._id)]);
    const settings = settingsFor(street._id, doc);
    const [departments, people, streetStaff] = await Promise.all([
      ctx.repos.departments.inScopes(departmentScopes(street, queues)),
      ctx.repos.people.many([...Object.values(settings.firstHandlers), settings.updatedBy ?? '']),
      editable ? ctx.repos.settings.streetStaff(street._id) : Promise.resolve([]),
    ]);
    return settingsView({ street, settings, version: doc?.version ?? 0, editable, queues, departments, people, streetStaff, now: ctx.now });
  },
});
