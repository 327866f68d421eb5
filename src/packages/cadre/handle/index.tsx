import { useEffect, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { ItemView, TargetsResult } from '../../../core/api/contract';
import { call } from '../../../services/api';
import { session } from '../../../stores/session';
import ItemDetail from '../../../components/ItemDetail';
import ErrorBox from '../../../components/ErrorBox';
import LoadState from '../../../components/LoadState';
import { errorText, readParam } from '../../../components/lib';
import { useItemDetail } from '../../../components/useItemDetail';
import { formsFor } from './forms';
import SubscribeBar from '../../../components/SubscribeBar';
import './index.css';

function HandlePage() {
  const id = readParam(useRouter().params.id);
  const { item, setItem, loadError, loadFinal, load, staleMessage } = useItemDetail(id);
  const [tab, setTab] = useState('');
  // Bumped after each command so the next form starts empty.
  const [done, setDone] = useState(0);
  const [targets, setTargets] = useState<TargetsResult | null>(null);
  const [targetsError, setTargetsError] = useState('');

  useDidShow(() => {
    void session.ensure();
    void load();
  });

  const forms = item ? formsFor(item) : [];
  const needsTargets = forms.some((f) => f.key === 'transfer' || f.key === 'whistle');

  // Transfer and whistle choices: loaded once per item, when one of those forms is offered.
  useEffect(() => {
    if (!item || !needsTargets || targets) return;
    let live = true;
    call('item.targets', { id: item.id })
      .then((t) => {
        if (live) setTargets(t);
      })
      .catch((e) => {
        if (live) setTargetsError(errorText(e));
      });
    return () => {
      live = false;
    };
  }, [item?.id, needsTargets, targets]);

  function onDone(next: ItemView, toast: string) {
    setItem(next);
    setDone((n) => n + 1);
    setTab('');
    Taro.showToast({ title: toast, icon: 'success' });
  }

  if (!item) return <LoadState error={loadError} final={loadFinal} onRetry={() => void load()} />;

  const current = forms.find((f) => f.key === tab) ?? forms[0];
  const residentCan = item.actions.some((a) => a === 'rate' || a === 'appeal' || a === 'withdraw');

  return (
    <View className='page handle'>
      <ErrorBox message={loadError} />
      <ItemDetail item={item}>
        <View className='card handle__actions'>
          <Text className='section-title'>办理</Text>
          {!forms.length && (
            <Text className='muted handle__none'>{item.isHolder ? '当前状态无需您操作' : '该事项当前不由您办理'}</Text>
          )}
          {forms.length > 1 && (
            <View className='cmd-tabs'>
              {forms.map((f) => (
                <View key={f.key} className={`cmd-tab cmd-tab-${f.key} ${f.key === current?.key ? 'cmd-tab--active' : ''}`} onClick={() => setTab(f.key)}>
                  <Text>{f.label}</Text>
                </View>
              ))}
            </View>
          )}
          {/* After each handling action: how many 新事项 notices are left, and a tap to ask for more (issue 8). */}
          {done > 0 && <SubscribeBar moment='handled' />}
          {current && (
            <current.Form key={`${current.key}-${done}`} item={item} targets={targets} targetsError={targetsError} onDone={onDone} staleMessage={staleMessage} />
          )}
          {residentCan && (
            <Text className='link handle__resident' onClick={() => Taro.navigateTo({ url: `/pages/item/index?id=${encodeURIComponent(item.id)}` })}>
              您是该事项的登记人，去事项页评价或撤回 ›
            </Text>
          )}
        </View>
      </ItemDetail>
    </View>
  );
}

export default observer(HandlePage);
