import { useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { NodeView, PersonView, WorkGroupView } from '../../../core/api/adminContract';
import { WorkGroupSaveInput } from '../../../core/adminSchemas';
import { call } from '../../../services/api';
import ErrorBox from '../../../components/ErrorBox';
import Empty from '../../../components/Empty';
import Chips from '../../../components/Chips';
import { errorText, fieldError, readParam } from '../../../components/lib';
import { useLatestLoad } from '../../../components/useLatestLoad';
import { useSubmit } from '../../../components/useSubmit';
import { Field as FormField, Form, TextInput } from '../../../components/Form';
import { afterInput } from '../../../components/Form/errors';
import AdminGate, { whenAdmin } from '../components/AdminGate';
import MultiChips from '../components/MultiChips';
import { adminStore } from '../components/store';
import '../components/admin.css';
import './index.css';
import { FieldError } from '../../../components/Form';

const MAX_DEPUTIES = 2;

function GroupsPage() {
  const paramCommunity = readParam(useRouter().params.communityId);
  const [communities, setCommunities] = useState<NodeView[]>([]);
  const [communityId, setCommunityId] = useState(paramCommunity);
  const [groups, setGroups] = useState<WorkGroupView[]>([]);
  const [grids, setGrids] = useState<NodeView[]>([]);
  const [loaded, setLoaded] = useState(false);
  const { loading, error, setError, run } = useLatestLoad();

  // Form.
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<WorkGroupView | null>(null);
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [leaderId, setLeaderId] = useState('');
  const [deputyIds, setDeputyIds] = useState<string[]>([]);
  const [memberIds, setMemberIds] = useState<string[]>([]);
  const [areaIds, setAreaIds] = useState<string[]>([]);
  const form = useSubmit();
  const { fields, setFields, error: formError, setError: setFormError } = form;
  const saving = !!form.busy;
  const [notice, setNotice] = useState('');

  // Cadre picker.
  const [q, setQ] = useState('');
  const [people, setPeople] = useState<PersonView[]>([]);
  const [page, setPage] = useState(0);
  const [hasMore, setHasMore] = useState(false);
  const [peopleLoading, setPeopleLoading] = useState(false);
  const [names, setNames] = useState<Record<string, string>>({});

  const load = (community: string) =>
    run(
      () => Promise.all([call('admin.workGroups.list', { communityId: community }), call('admin.org.children', { parentId: community })]),
      ([g, org]) => {
        setGroups(g.groups);
        setGrids(org.children.filter((n) => n.level === 'grid'));
        setLoaded(true);
        const known: Record<string, string> = {};
        for (const gr of g.groups) {
          if (gr.leaderName) known[gr.leaderId] = gr.leaderName;
          gr.deputyIds.forEach((d, i) => (known[d] = gr.deputyNames[i] ?? d));
        }
        setNames((n) => ({ ...known, ...n }));
      },
    );

  async function loadPeople(community: string, query: string, p: number) {
    setPeopleLoading(true);
    try {
      const res = await call('admin.people.list', { nodeId: community, role: 'cadre', page: p, ...(query.trim() ? { q: query.trim() } : {}) });
      adminStore.remember(res.people);
      setPeople((prev) => (p === 0 ? res.people : [...prev, ...res.people.filter((x) => !prev.some((y) => y.id === x.id))]));
      setNames((n) => ({ ...n, ...Object.fromEntries(res.people.map((x) => [x.id, x.name])) }));
      setPage(p);
      setHasMore(res.hasMore);
    } catch (e) {
      setFormError(errorText(e));
    } finally {
      setPeopleLoading(false);
    }
  }

  function pickCommunity(c: string) {
    setCommunityId(c);
    setOpen(false);
    setNotice('');
    void load(c);
  }

  useLoad(() => {
    void whenAdmin(async () => {
      if (paramCommunity) return load(paramCommunity);
      const roots = await adminStore.loadScope();
      const list: NodeView[] = [];
      for (const r of roots) {
        if (r.level === 'community') list.push(r);
        else if (r.level === 'street') {
          const res = await call('admin.org.children', { parentId: r.id }).catch(() => null);
          list.push(...(res?.children ?? []).filter((n) => n.level === 'community'));
        }
      }
      setCommunities(list);
      if (list.length === 1) pickCommunity(list[0].id);
      else if (!list.length) setError(adminStore.error || '您的管理范围内没有社区，工作组按社区设立');
    });
  });

  function startForm(g: WorkGroupView | null) {
    setOpen(true);
    setEditing(g);
    setId(g ? g.id : `${communityId}-`);
    setName(g?.name ?? '');
    setLeaderId(g?.leaderId ?? '');
    setDeputyIds(g?.deputyIds ?? []);
    setMemberIds(g?.memberIds ?? []);
    setAreaIds(g?.areaNodeIds ?? []);
    setFields({});
    setFormError('');
    setNotice('');
    if (!people.length) void loadPeople(communityId, q, 0);
  }

  /** A pick in the people list is that field's input: its stale error (and the same headline) goes. */
  function touched(...names: string[]) {
    let state = { errors: fields, headline: formError };
    for (const n of names) state = afterInput(state, n);
    setFields(state.errors);
    setFormError(state.headline);
  }

  function toggleLeader(pid: string) {
    touched('leaderId', ...(deputyIds.includes(pid) ? ['deputyIds'] : []));
    setLeaderId(leaderId === pid ? '' : pid);
    setDeputyIds((d) => d.filter((x) => x !== pid));
  }

  function toggleDeputy(pid: string) {
    touched('deputyIds');
    if (deputyIds.includes(pid)) return setDeputyIds(deputyIds.filter((x) => x !== pid));
    if (deputyIds.length >= MAX_DEPUTIES) {
      setFields((f) => ({ ...f, deputyIds: `副组长最多 ${MAX_DEPUTIES} 人，请先取消一位` }));
      return;
    }
    setDeputyIds([...deputyIds, pid]);
    if (leaderId === pid) setLeaderId('');
  }

  function toggleMember(pid: string) {
    touched('memberIds');
    setMemberIds(memberIds.includes(pid) ? memberIds.filter((x) => x !== pid) : [...memberIds, pid]);
  }

  async function save() {
    setNotice('');
    if (!leaderId) {
      // One message at the field and as the headline: choosing a leader clears both.
      setFields({ leaderId: '请选择组长（在下方名单中点“组长”）' });
      setFormError('请选择组长（在下方名单中点“组长”）');
      return;
    }
    const input = { id, name, communityId, leaderId, deputyIds, memberIds, areaNodeIds: areaIds };
    const g = await form.submit(WorkGroupSaveInput, input, (value) => call('admin.workGroups.save', value));
    if (!g) return;
    setNotice(`${editing ? '已保存' : '已创建'}工作组「${g.name}」：组员 ${g.memberIds.length} 人`);
    setOpen(false);
    setEditing(null);
    await load(communityId);
  }

  const nameOf = (pid: string) => names[pid] ?? pid;
  const areaOptions = [
    ...grids.map((g) => ({ value: g.id, label: g.name })),
    ...areaIds.filter((a) => !grids.some((g) => g.id === a)).map((a) => ({ value: a, label: a })),
  ];

  return (
    <AdminGate>
      {() => (
        <View className='page admin-groups'>
          {communities.length > 1 && (
            <View className='card'>
              <Text className='field__label'>选择社区</Text>
              <Chips options={communities.map((c) => ({ value: c.id, label: c.name }))} value={communityId} onChange={pickCommunity} chipClass='group-community-chip' />
            </View>
          )}
          <ErrorBox message={error} />
          {notice && (
            <View className='success-box group-notice'>
              <Text>{notice}</Text>
            </View>
          )}
          {loading && !loaded && <Text className='loading'>加载中…</Text>}

          {communityId && loaded && !open && (
            <>
              {groups.length === 0 ? (
                <Empty text='本社区还没有工作组' />
              ) : (
                <View className='card list-card group-list'>
                  {groups.map((g) => (
                    <View key={g.id} className='row group-row' data-id={g.id} onClick={() => startForm(g)}>
                      <View className='row__main'>
                        <Text className='row__title'>{g.name}</Text>
                        <Text className='row__sub'>
                          组长 {g.leaderName ?? g.leaderId}
                          {g.deputyNames.length ? ` · 副组长 ${g.deputyNames.join('、')}` : ''}
                        </Text>
                        <View>
                          <Text className='badge badge--red'>组员 {g.memberIds.length} 人</Text>
                          <Text className='badge badge--blue'>片区 {g.areaNodeIds.length} 个</Text>
                          <Text className='badge'>{g.id}</Text>
                        </View>
                      </View>
                      <View className='row__side'>
                        <Text
                          className='btn-sm btn-sm--ghost group-cards-btn'
                          onClick={(e) => {
                            e.stopPropagation();
                            Taro.navigateTo({ url: `/packages/admin/cards/index?workGroupId=${encodeURIComponent(g.id)}` });
                          }}
                        >
                          打印联系卡
                        </Text>
                        <Text className='row__arrow'>›</Text>
                      </View>
                    </View>
                  ))}
                </View>
              )}
              <View className='btn btn-primary group-new-btn' onClick={() => startForm(null)}>
                <Text>＋ 新建工作组</Text>
              </View>
            </>
          )}

          {open && (
            <>
              <Form className='card group-form' {...form.formProps}>
                <Text className='section-title'>{editing ? `修改「${editing.name}」` : '新建工作组'}</Text>
                <TextInput label='工作组编号' name='id' value={id} onChange={setId} disabled={!!editing} maxlength={48} placeholder={`${communityId}-WG01`} inputClass='group-id-input' />
                <TextInput label='名称' name='name' value={name} onChange={setName} maxlength={40} placeholder='如：第一工作组' inputClass='group-name-input' />
                <View className='group-summary'>
                  <Text className={`group-summary__line ${fieldError(fields, 'leaderId') ? 'text-red' : ''}`}>
                    组长：{leaderId ? nameOf(leaderId) : '未选择'}
                  </Text>
                  <Text className='group-summary__line'>副组长：{deputyIds.length ? deputyIds.map(nameOf).join('、') : '未选择'}（最多 2 人）</Text>
                  <Text className='group-summary__line'>组员：{memberIds.length} 人</Text>
                  <FieldError message={fieldError(fields, 'leaderId')} />
                  <FieldError message={fieldError(fields, 'deputyIds')} />
                  <FieldError message={fieldError(fields, 'memberIds')} />
                </View>
                <FormField label='片区（覆盖的网格，可多选）' name='areaNodeIds'>
                  {areaOptions.length ? (
                    <MultiChips options={areaOptions} value={areaIds} onChange={(a) => { touched('areaNodeIds'); setAreaIds(a); }} chipClass='group-area-chip' />
                  ) : (
                    <Text className='muted'>本社区还没有网格</Text>
                  )}
                </FormField>
                <ErrorBox message={formError} />
                <View className={`btn btn-primary group-save-btn ${saving ? 'btn--disabled' : ''}`} onClick={() => void save()}>
                  <Text>{saving ? '正在保存…' : editing ? '保存工作组' : '创建工作组'}</Text>
                </View>
                <View className='btn btn-plain group-cancel-btn' onClick={() => setOpen(false)}>
                  <Text>取消</Text>
                </View>
              </Form>

              <View className='card list-card group-people'>
                <Text className='form-title group-people__title'>选择成员（本社区包保干部）</Text>
                <View className='input-row'>
                  <Input
                    className='input group-search-input'
                    value={q}
                    maxlength={20}
                    placeholder='搜索姓名或手机号'
                    onInput={(e) => setQ(e.detail.value)}
                    onConfirm={() => void loadPeople(communityId, q, 0)}
                  />
                  <Text className='btn-sm btn-sm--primary group-search-btn' onClick={() => void loadPeople(communityId, q, 0)}>
                    搜索
                  </Text>
                </View>
                {people.map((p) => {
                  const lead = leaderId === p.id;
                  const dep = deputyIds.includes(p.id);
                  const mem = memberIds.includes(p.id);
                  return (
                    <View key={p.id} className={`row group-person-row ${lead || dep || mem ? 'row--on' : ''}`} data-id={p.id}>
                      <View className='row__main'>
                        <Text className='row__title'>{p.name}</Text>
                        <Text className='row__sub'>
                          {p.gridId} · {p.workUnit}
                        </Text>
                      </View>
                      <View className='group-person-row__btns'>
                        <Text className={`btn-sm group-leader-btn ${lead ? 'btn-sm--primary' : ''}`} onClick={() => toggleLeader(p.id)}>
                          组长
                        </Text>
                        <Text className={`btn-sm group-deputy-btn ${dep ? 'btn-sm--primary' : ''}`} onClick={() => toggleDeputy(p.id)}>
                          副组长
                        </Text>
                        <Text className={`btn-sm group-member-btn ${mem ? 'btn-sm--primary' : ''}`} onClick={() => toggleMember(p.id)}>
                          {mem ? '✓ 组员' : '组员'}
                        </Text>
                      </View>
                    </View>
                  );
                })}
                {peopleLoading && <Text className='loading'>加载中…</Text>}
                {!peopleLoading && people.length === 0 && <Text className='muted'>没有找到包保干部</Text>}
                {hasMore && !peopleLoading && (
                  <Text className='load-more group-people-more' onClick={() => void loadPeople(communityId, q, page + 1)}>
                    加载更多
                  </Text>
                )}
              </View>
            </>
          )}
        </View>
      )}
    </AdminGate>
  );
}

export default observer(GroupsPage);
