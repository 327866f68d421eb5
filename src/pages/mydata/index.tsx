import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import type { EraseResult, MyData } from '../../core/personal/contract';
import { TEMPLATES } from '../../core/notify/templates';
import { call } from '../../services/api';
import { session } from '../../stores/session';
import ErrorBox from '../../components/ErrorBox';
import { Button } from '../../components/Form';
import { errorText, fmtTime } from '../../components/lib';
import './index.css';

/** Each call erases a bounded batch (api app/erase.ts); keep calling until done. */
const MAX_ROUNDS = 40;

/**
 * 我的个人信息 (个人信息查阅/删除, PIPL Art. 45/47): what GridLink holds about the signed-in resident,
 * and deleting it after a confirm step. Items stay for statistics without personal data.
 */
/** The account's id as a person can check it against WeChat's, without spelling all of it out on screen. */
function maskedId(id: string): string {
  if (id.length <= 6) return `${id.slice(0, 1)}****`;
  const keep = id.length > 12 ? 4 : 2;
  return `${id.slice(0, keep)}****${id.slice(-keep)}`;
}

const templateTitle = (id: string) => TEMPLATES.find((t) => t.id === id)?.title ?? '其他通知';

function MyDataPage() {
  const [data, setData] = useState<MyData | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<EraseResult | null>(null);

  async function load() {
    setError('');
    try {
      await session.ensure();
      setData(await call('privacy.mine', {}));
    } catch (e) {
      setError(errorText(e));
    }
  }
  useDidShow(() => void load());

  async function erase() {
    const ok = await Taro.showModal({
      title: '确认删除个人信息',
      content: '将解除你的微信与住户的绑定，删除你的消息、订阅记录和你上传的照片；你提交过的事项去掉个人信息后仅保留用于统计。删除后不能恢复。',
      confirmText: '确认删除',
      confirmColor: '#c8161d',
    });
    if (!ok.confirm) return;
    setBusy(true);
    setError('');
    try {
      const total: EraseResult = { done: false, items: 0, messages: 0, subscriptions: 0 };
      for (let i = 0; i < MAX_ROUNDS && !total.done; i++) {
        const r = await call('privacy.erase', { confirm: true });
        Object.assign(total, { done: r.done, items: total.items + r.items, messages: total.messages + r.messages, subscriptions: total.subscriptions + r.subscriptions });
      }
      await session.refresh();
      // Refresh what is shown first, so the confirmation never sits beside the old binding.
      setData(await call('privacy.mine', {}));
      if (!total.done) setError('删除尚未全部完成，请再点一次“删除我的个人信息”继续');
      else setDone(total);
    } catch (e) {
      setError(`${errorText(e)}。已删除的部分不会恢复，再点一次可继续删除。`);
    } finally {
      setBusy(false);
    }
  }

  const empty = data && !data.household && data.items.length === 0 && data.messages === 0 && data.subscriptions.length === 0;
  return (
    <View className='page mydata'>
      <View className='card'>
        <Text className='section-title'>我们保存的关于你的信息</Text>
        <Text className='hint'>以下是“网格连心”保存的与你的微信账号有关的全部信息。住户标签等敏感信息由社区按规定管理，不在此显示；如需查阅或更正，请联系所在社区。</Text>
      </View>
      <ErrorBox message={error} />
      {done && (
        <View className='card mydata-done'>
          <Text className='mydata__done'>已删除你的个人信息：解除了账号绑定，处理了 {done.items} 件事项、{done.messages} 条消息、{done.subscriptions} 项订阅记录。</Text>
        </View>
      )}
      {data && (
        <>
          <View className='card mydata-account'>
            <Text className='section-title'>账号与住户</Text>
            <Text className='mydata__row mydata-openid'>微信账号：已关联（账号编号 {maskedId(data.openid)}）</Text>
            <Text className='hint mydata__note'>账号编号是微信为“网格连心”分配给你的匿名编号，不是微信号或手机号，别人无法用它找到你。</Text>
            <Text className='mydata__row'>首次使用：{data.createdAt ? fmtTime(data.createdAt, 'YYYY-MM-DD HH:mm') : '无记录'}</Text>
            <Text className='mydata__row mydata-household'>绑定的住户：{data.household ? data.household.label || data.household.id : '未绑定'}</Text>
          </View>
          <View className='card mydata-items'>
            <Text className='section-title'>我提交的事项（{data.items.length}{data.moreItems ? '+' : ''} 件）</Text>
            {data.items.length === 0 && <Text className='muted'>没有</Text>}
            {data.items.map((i) => (
              <View key={i.id} className='mydata-item'>
                <Text className='mydata-item__desc'>{i.kind}·{i.category}：{i.description}</Text>
                <Text className='muted'>
                  {i.state} · 照片 {i.photos} 张 · {fmtTime(i.createdAt, 'YYYY-MM-DD')}
                </Text>
              </View>
            ))}
          </View>
          <View className='card mydata-other'>
            <Text className='section-title'>消息与订阅</Text>
            <Text className='mydata__row mydata-messages'>消息中心通知：{data.messages} 条</Text>
            <Text className='mydata__row'>订阅消息授权：{data.subscriptions.length ? data.subscriptions.map((s) => `${templateTitle(s.templateId)}（还可接收 ${s.grants} 条）`).join('、') : '无'}</Text>
          </View>
          <View className='card'>
            <Text className='section-title'>删除我的个人信息</Text>
            {data.isStaff ? (
              <Text className='hint'>你是工作人员，账号由社区管理员管理。如需删除，请联系社区管理员解除绑定。</Text>
            ) : (
              <>
                <Text className='hint'>
                  删除后：账号与住户的绑定、消息、订阅记录和你上传的照片都会删除；你提交过的事项改为匿名编号，去掉住户和房号，描述中的电话、门牌等个人信息会被隐去，仅保留用于统计。
                  {data.erasing ? ' 上次删除没有完成，请再点一次继续。' : ''}
                </Text>
                <Button kind='danger' className='mydata-erase-btn' busy={busy} busyText='正在删除…' disabled={!!empty && !data.erasing} onClick={() => void erase()}>
                  {empty && !data.erasing ? '没有可删除的个人信息' : '删除我的个人信息'}
                </Button>
              </>
            )}
          </View>
        </>
      )}
    </View>
  );
}

export default observer(MyDataPage);
