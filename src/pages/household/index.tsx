import { useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { BrowseResult, OrgChoice } from '../../core/api/contract';
import { call } from '../../services/api';
import { session } from '../../stores/session';
import ErrorBox from '../../components/ErrorBox';
import { errorText, readParam } from '../../components/lib';
import './index.css';

const LEVEL_HINT: Record<string, string> = {
  building: '请选择您住的楼栋',
  unit: '请选择单元',
  household: '请选择门牌号',
};

function HouseholdPage() {
  const params = useRouter().params;
  const card = readParam(params.card);
  // Opened from the submit form's 更改 link: go back to that form instead of opening a new one.
  const back = params.back === '1';
  const [trail, setTrail] = useState<OrgChoice[]>([]);
  const [data, setData] = useState<BrowseResult | null>(null);
  const [selected, setSelected] = useState<OrgChoice | null>(null);
  const [loading, setLoading] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');

  async function browse(nextTrail: OrgChoice[]) {
    if (!card) {
      setError('缺少联系卡编号，请重新扫描包保干部的联系卡');
      return;
    }
    setLoading(true);
    setError('');
    setSelected(null);
    try {
      const parent = nextTrail[nextTrail.length - 1];
      const res = await call('household.browse', parent ? { cardCode: card, parentId: parent.id } : { cardCode: card });
      setData(res);
      setTrail(nextTrail);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoading(false);
    }
  }

  useLoad(() => {
    void session.ensure();
    void browse([]);
  });

  function tap(c: OrgChoice) {
    if (loading || confirming) return;
    if (c.level === 'household') setSelected(c);
    else void browse([...trail, c]);
  }

  async function confirm() {
    if (!selected || confirming) return;
    setConfirming(true);
    setError('');
    try {
      await call('household.confirm', { cardCode: card, householdId: selected.id });
      await session.refresh();
      if (back) Taro.navigateBack();
      else Taro.redirectTo({ url: `/pages/submit/index?card=${encodeURIComponent(card)}` });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setConfirming(false);
    }
  }

  const children = data?.children ?? [];
  const level = children[0]?.level;
  const current = session.me?.household;

  return (
    <View className={`page household ${selected ? 'household--selecting' : ''}`}>
      <View className='card'>
        <Text className='section-title'>确认您的住户</Text>
        <Text className='hint'>确认后，您反映的事项会直接交给为您这户服务的包保干部。</Text>
        {current && (
          <View className='household__current'>
            <Text>当前住户：{current.label}</Text>
            {card && (
              <Text
                className='link household__keep'
                onClick={() =>
                  back ? Taro.navigateBack() : Taro.redirectTo({ url: `/pages/submit/index?card=${encodeURIComponent(card)}` })
                }
              >
                继续使用
              </Text>
            )}
          </View>
        )}
      </View>

      <View className='breadcrumb'>
        <Text className='breadcrumb__item' onClick={() => trail.length && void browse([])}>
          {data?.grid.name || '网格'}
        </Text>
        {trail.map((t, i) => (
          <Text key={t.id} className='breadcrumb__item' onClick={() => i < trail.length - 1 && void browse(trail.slice(0, i + 1))}>
            {' › '}
            {t.name}
          </Text>
        ))}
      </View>

      <ErrorBox message={error} />

      {loading ? (
        <Text className='loading'>加载中…</Text>
      ) : (
        <View className='card org-list'>
          {level && <Text className='org-list__hint'>{LEVEL_HINT[level] ?? '请选择'}</Text>}
          {children.length === 0 && data && <Text className='muted'>暂无可选项，请联系包保干部</Text>}
          {children.map((c) => (
            <View
              key={c.id}
              className={`org-choice org-choice--${c.level} ${selected?.id === c.id ? 'org-choice--selected' : ''}`}
              data-id={c.id}
              onClick={() => tap(c)}
            >
              <Text className='org-choice__name'>{c.name}</Text>
              <Text className='org-choice__arrow'>{c.level === 'household' ? (selected?.id === c.id ? '✓' : '') : '›'}</Text>
            </View>
          ))}
        </View>
      )}

      {trail.length > 0 && !loading && (
        <View className='btn btn-plain household__up' onClick={() => void browse(trail.slice(0, -1))}>
          <Text>返回上一级</Text>
        </View>
      )}

      {selected && (
        <View className='household__confirm'>
          <Text className='household__selected'>
            已选：{trail.map((t) => t.name).join('')}
            {selected.name}
          </Text>
          <View
            className={`btn btn-primary confirm-household-btn ${confirming ? 'btn--disabled' : ''}`}
            onClick={() => void confirm()}
          >
            <Text>{confirming ? '正在确认…' : '确认住户'}</Text>
          </View>
        </View>
      )}
    </View>
  );
}

export default observer(HouseholdPage);
