import { useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import { session } from '../../../stores/session';
import ErrorBox from '../../../components/ErrorBox';
import Chips from '../../../components/Chips';
import AdminGate, { whenAdmin } from '../components/AdminGate';
import { adminStore } from '../components/store';
import { GRID_TYPE_LABEL, LEVEL_LABEL, roleLabel } from '../components/labels';
import '../components/admin.css';
import './index.css';

interface Tile {
  name: string;
  icon: string;
  title: string;
  desc: string;
  url: (rootId: string, gridId: string) => string;
}

const TILES: Tile[] = [
  { name: 'board', icon: '调', title: '调度台', desc: '辖区事项、超期、批量转办与吹哨', url: () => '/packages/admin/board/index' },
  { name: 'stats', icon: '统', title: '统计', desc: '响应率、解决率、满意率、办结率，按社区网格人员', url: (r) => `/packages/admin/stats/index?nodeId=${encodeURIComponent(r)}` },
  { name: 'org', icon: '组', title: '组织架构', desc: '社区、网格、楼栋、单元与住户', url: () => '/packages/admin/org/index' },
  { name: 'people', icon: '人', title: '人员与角色', desc: '干部信息、角色、B角、外出、邀请绑定', url: (r) => `/packages/admin/people/index?nodeId=${encodeURIComponent(r)}` },
  { name: 'assign', icon: '包', title: '包保分配', desc: '按 30 比 1 把住户分给包保干部', url: (_r, g) => `/packages/admin/assign/index${g ? `?gridId=${encodeURIComponent(g)}` : ''}` },
  { name: 'cards', icon: '卡', title: '联系卡打印', desc: '按网格或工作组生成联系卡 PDF', url: (_r, g) => `/packages/admin/cards/index${g ? `?gridId=${encodeURIComponent(g)}` : ''}` },
  { name: 'groups', icon: '团', title: '工作组', desc: '组长、副组长、组员与片区', url: () => '/packages/admin/groups/index' },
  { name: 'departments', icon: '部', title: '职能部门', desc: '城管、市场监管、物业等接单部门', url: (r) => `/packages/admin/departments/index?nodeId=${encodeURIComponent(r)}` },
  { name: 'settings', icon: '设', title: '街道设置', desc: '时限、吹哨、派单规则、第一经办人、节假日', url: (r) => `/packages/admin/settings/index?nodeId=${encodeURIComponent(r)}` },
  { name: 'import', icon: '表', title: '导入导出', desc: '用 Excel 或 CSV 批量维护数据', url: (r) => `/packages/admin/import/index?nodeId=${encodeURIComponent(r)}` },
  { name: 'audit', icon: '审', title: '审计日志', desc: '谁在何时查看、导出住户信息，变更角色及原因', url: () => '/packages/admin/audit/index' },
  { name: 'deadletters', icon: '信', title: '未送达通知', desc: '微信订阅消息发送失败的记录', url: () => '/packages/admin/deadletters/index' },
  { name: 'echo', icon: '音', title: '回音壁审核', desc: '隐藏条目、隐去文字、审核照片', url: (r) => `/packages/admin/echo/index?nodeId=${encodeURIComponent(r)}` },
  { name: 'lead', icon: '领', title: '书记领办', desc: '每月领办事项的进展与办理天数', url: (r) => `/packages/admin/lead/index?nodeId=${encodeURIComponent(r)}` },
  { name: 'assessment', icon: '考', title: '五考排名', desc: '干部和网格员月度、季度、半年、年度考核与导出', url: (r) => `/packages/admin/assessment/index?nodeId=${encodeURIComponent(r)}` },
];

function AdminHome() {
  const [rootId, setRootId] = useState('');

  useDidShow(() => {
    void whenAdmin(() => adminStore.loadScope());
  });

  const street = adminStore.roles.includes('streetAdmin');
  useEffect(() => {
    // The page is named for the admin: 街道管理 for the street admin, 社区管理 (its config title) otherwise.
    if (street) void Taro.setNavigationBarTitle({ title: '街道管理' }).catch(() => {});
  }, [street]);

  const roots = adminStore.roots;
  const root = roots.find((r) => r.id === rootId) ?? roots[0] ?? null;
  const me = session.me;

  return (
    <AdminGate>
      {() => (
        <View className='page admin-home'>
          <View className='card admin-home__scope'>
            <Text className='section-title'>我的管理范围</Text>
            {me?.person && (
              <Text className='admin-home__me'>
                {me.person.name} · {me.person.title}
              </Text>
            )}
            {adminStore.roles.length > 0 && (
              <View className='admin-home__roles'>
                {[...new Set(adminStore.roles)].map((r) => (
                  <Text key={r} className='badge badge--red'>
                    {roleLabel(r)}
                  </Text>
                ))}
              </View>
            )}
            {adminStore.loading && !adminStore.loaded ? (
              <Text className='loading'>加载中…</Text>
            ) : roots.length > 1 ? (
              <Chips options={roots.map((r) => ({ value: r.id, label: r.name }))} value={root?.id ?? ''} onChange={setRootId} chipClass='admin-root-chip' />
            ) : null}
            {root && (
              <View className='admin-home__root scope-root' data-id={root.id}>
                <Text className='admin-home__root-name'>{root.name}</Text>
                <Text className='admin-home__root-meta'>
                  {LEVEL_LABEL[root.level]}
                  {root.gridType ? ` · ${GRID_TYPE_LABEL[root.gridType]}` : ''} · 编号 {root.id}
                </Text>
              </View>
            )}
            {adminStore.loaded && roots.length === 0 && <Text className='hint'>尚未给您分配管理范围，请联系上级管理员。</Text>}
            <ErrorBox message={adminStore.error} />
            {adminStore.error && (
              <View className='btn btn-plain' onClick={() => void adminStore.loadScope(true)}>
                <Text>重试</Text>
              </View>
            )}
          </View>

          <View className='admin-tiles'>
            {TILES.map((t) => (
              <View
                key={t.name}
                className={`admin-tile admin-tile-${t.name} ${root ? '' : 'admin-tile--off'}`}
                onClick={() => root && Taro.navigateTo({ url: t.url(root.id, root.level === 'grid' ? root.id : '') })}
              >
                <Text className='admin-tile__icon'>{t.icon}</Text>
                <Text className='admin-tile__title'>{t.title}</Text>
                <Text className='admin-tile__desc'>{t.desc}</Text>
              </View>
            ))}
          </View>
        </View>
      )}
    </AdminGate>
  );
}

export default observer(AdminHome);
