import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { NodeView, PersonView } from '../../../core/api/adminContract';
import { call } from '../../../services/api';
import ErrorBox from '../../../components/ErrorBox';
import Empty from '../../../components/Empty';
import Chips from '../../../components/Chips';
import { readParam } from '../../../components/lib';
import { usePagedList } from '../../../components/usePagedList';
import AdminGate, { whenAdmin } from '../components/AdminGate';
import { adminStore } from '../components/store';
import { LEVEL_LABEL, ROLE_OPTIONS, dateOnly, isAway, type AdminRole } from '../components/labels';
import '../components/admin.css';
import './index.css';
import LoadMore from '../../../components/LoadMore';

type RoleFilter = AdminRole | 'all';
const FILTERS: { value: RoleFilter; label: string }[] = [{ value: 'all', label: '全部' }, ...ROLE_OPTIONS];

function PeoplePage() {
  const paramNode = readParam(useRouter().params.nodeId);
  const [nodeId, setNodeId] = useState(paramNode);
  const [role, setRole] = useState<RoleFilter>('all');
  const [q, setQ] = useState('');
  const list = usePagedList<PersonView>();
  const { items: people, page, hasMore, loading, loaded, error, setError } = list;
  const [scopeNode, setScopeNode] = useState<NodeView | null>(null);

  function load(node: string, r: RoleFilter, query: string, p: number) {
    const fetch = async () => {
      const res = await call('admin.people.list', {
        nodeId: node,
        page: p,
        ...(r !== 'all' ? { role: r } : {}),
        ...(query.trim() ? { q: query.trim() } : {}),
      });
      return { items: res.people, hasMore: res.hasMore };
    };
    return list.load(p, fetch, (res) => adminStore.remember(res.items));
  }

  async function resolveNode(): Promise<string> {
    let id = nodeId;
    if (!id) {
      const roots = await adminStore.loadScope();
      id = roots[0]?.id ?? '';
      setNodeId(id);
      if (!id) setError(adminStore.error || '尚未给您分配管理范围');
    }
    // The node's name and level, for the header and the new-person form.
    if (id && scopeNode?.id !== id) {
      void call('admin.org.children', { parentId: id })
        .then((r) => r.parent && setScopeNode(r.parent))
        .catch(() => undefined);
    }
    return id;
  }

  function newPerson() {
    // A person belongs to a grid: prefill the grid, or the start of its code under a community.
    const grid = scopeNode?.level === 'grid' ? nodeId : nodeId ? `${nodeId}-` : '';
    Taro.navigateTo({ url: `/packages/admin/person/index?gridId=${encodeURIComponent(grid)}` });
  }

  // Coming back from the person page must show the edits.
  useDidShow(() => {
    void whenAdmin(async () => {
      const node = await resolveNode();
      if (node) await load(node, role, q, 0);
    });
  });
  usePullDownRefresh(() => {
    void (nodeId ? load(nodeId, role, q, 0) : Promise.resolve()).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (hasMore && !loading && nodeId) void load(nodeId, role, q, page + 1);
  });

  function pickRole(r: RoleFilter) {
    setRole(r);
    if (nodeId) void load(nodeId, r, q, 0);
  }

  function search() {
    if (nodeId) void load(nodeId, role, q, 0);
  }

  function open(p: PersonView) {
    Taro.navigateTo({ url: `/packages/admin/person/index?id=${encodeURIComponent(p.id)}&gridId=${encodeURIComponent(p.gridId || '')}` });
  }

  return (
    <AdminGate>
      {() => (
        <View className='page admin-people'>
          <View className='card people-filters'>
            <Text className='muted people-scope'>
              范围：{scopeNode ? `${scopeNode.name}（${LEVEL_LABEL[scopeNode.level]} ${scopeNode.id}）` : nodeId || '…'}
            </Text>
            <View className='input-row people-search'>
              <Input
                className='input people-search-input'
                value={q}
                maxlength={20}
                placeholder='搜索姓名或手机号'
                confirmType='search'
                onInput={(e) => setQ(e.detail.value)}
                onConfirm={search}
              />
              <Text className='btn-sm btn-sm--primary people-search-btn' onClick={search}>
                搜索
              </Text>
            </View>
            <Chips options={FILTERS} value={role} onChange={pickRole} chipClass='people-role-chip' />
          </View>

          <View className='btn btn-ghost person-new-btn' onClick={newPerson}>
            <Text>＋ 新增人员</Text>
          </View>

          <ErrorBox message={error} />

          {loaded && people.length === 0 && !loading ? (
            <Empty text={q || role !== 'all' ? '没有符合条件的人员' : '这里还没有人员'} />
          ) : (
            <View className='card list-card people-list'>
              {people.map((p) => (
                <View key={p.id} className='row person-row' data-id={p.id} onClick={() => open(p)}>
                  <View className='row__main'>
                    <Text className='row__title person-row__name'>{p.name}</Text>
                    <View>
                      {p.roleLabels.map((l) => (
                        <Text key={l} className='badge badge--red'>
                          {l}
                        </Text>
                      ))}
                      {p.bound ? (
                        <Text className='badge badge--green person-bound'>已绑定微信</Text>
                      ) : (
                        <Text className='badge badge--grey person-unbound'>未绑定</Text>
                      )}
                      {isAway(p.away) && (
                        <Text className='badge badge--orange person-away'>
                          外出 {dateOnly(p.away!.from).slice(5)}～{dateOnly(p.away!.to).slice(5)}
                        </Text>
                      )}
                    </View>
                    <Text className='row__sub'>
                      {p.phone}
                      {p.title ? ` · ${p.title}` : ''}
                      {p.workUnit ? ` · ${p.workUnit}` : ''}
                    </Text>
                    {p.backupName && <Text className='row__sub'>B角：{p.backupName}</Text>}
                  </View>
                  <Text className='row__arrow'>›</Text>
                </View>
              ))}
            </View>
          )}
          <LoadMore loading={loading} hasMore={hasMore} onMore={() => load(nodeId, role, q, page + 1)} className='people-more' />
        </View>
      )}
    </AdminGate>
  );
}

export default observer(PeoplePage);
