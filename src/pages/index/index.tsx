import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text, Input } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import { ROLE_LABEL } from '../../core/labels';
import { session } from '../../stores/session';
import { appStore } from '../../stores/app';
import { notices } from '../../stores/notices';
import DemoBanner from '../../components/DemoBanner';
import ErrorBox from '../../components/ErrorBox';
import { FieldError } from '../../components/Form';
import './index.css';

function Index() {
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState('');
  const me = session.me;

  useDidShow(() => {
    // Coming back here (e.g. after confirming a household) must show the fresh identity.
    void (session.me ? session.refresh() : session.ensure());
    void appStore.loadDemo();
    void notices.refreshUnread();
  });

  function openCard() {
    const c = code.trim();
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(c)) {
      setCodeError('请输入联系卡上的编号（字母、数字）');
      return;
    }
    setCodeError('');
    Taro.navigateTo({ url: `/pages/card/index?scene=${encodeURIComponent(c)}` });
  }

  const go = (url: string) => () => Taro.navigateTo({ url });

  return (
    <View className='page home'>
      <View className='home__header'>
        <Text className='home__title'>网格连心 · 组团服务</Text>
        <Text className='home__sub'>上下联动，平急结合</Text>
      </View>

      {appStore.demo && <DemoBanner text='演示模式：这是演示环境，任何人都能以演示账号登录，请勿录入真实信息' />}

      <View className='card home__me'>
        <Text className='home__me-label'>我的身份</Text>
        {me?.person && (
          <Text className='home__me-person'>
            {me.person.name} · {me.person.title}
          </Text>
        )}
        {me && me.roles.length > 0 && (
          <View className='home__roles'>
            {[...new Set(me.roles.map((r) => ROLE_LABEL[r.role] ?? r.role))].map((l) => (
              <Text key={l} className='home__role'>
                {l}
              </Text>
            ))}
          </View>
        )}
        {/* Staff see their name and roles; 尚未确认住户 is for residents (staff who live here see their household). */}
        {(me?.household || !me?.person) && (
          <Text className={`home__me-household ${me?.household ? '' : 'is-empty'}`}>
            {me?.household ? `住户：${me.household.label}` : session.loading && !me ? '正在读取…' : '尚未确认住户'}
          </Text>
        )}
        {!me?.household && !me?.person && !session.loading && <Text className='hint'>扫描包保干部的联系卡二维码，即可确认住户并反映诉求。</Text>}
        <ErrorBox message={session.error} />
      </View>

      <View className='home__entries'>
        {me?.household && (
          // A confirmed resident may post without scanning a card again: it goes to their household's cadre.
          <View className='entry entry-submit' onClick={go('/pages/submit/index')}>
            <Text className='entry__icon'>诉</Text>
            <Text className='entry__text'>反映诉求</Text>
          </View>
        )}
        <View className='entry entry-mine' onClick={go('/pages/items/index')}>
          <Text className='entry__icon'>事</Text>
          <Text className='entry__text'>我的事项</Text>
        </View>
        <View className='entry entry-echo' onClick={go('/pages/echo/index')}>
          <Text className='entry__icon'>音</Text>
          <Text className='entry__text'>回音壁</Text>
        </View>
        <View className='entry entry-messages' onClick={go('/pages/messages/index')}>
          <Text className='entry__icon'>信</Text>
          <Text className='entry__text'>消息中心</Text>
          {notices.unread > 0 && <Text className='entry__badge messages-badge'>{notices.unread > 99 ? '99+' : notices.unread}</Text>}
        </View>
        {me?.canHandle && (
          <View className='entry entry-inbox' onClick={go('/packages/cadre/inbox/index')}>
            <Text className='entry__icon'>办</Text>
            <Text className='entry__text'>处理待办</Text>
          </View>
        )}
        {me?.isAdmin && (
          <View className='entry entry-admin' onClick={go('/packages/admin/index/index')}>
            <Text className='entry__icon'>管</Text>
            {/* The street admin manages the whole street, not one community. */}
            <Text className='entry__text'>{me.roles.some((r) => r.role === 'streetAdmin') ? '街道管理' : '社区管理'}</Text>
          </View>
        )}
        {!me?.isAdmin && me?.roles.some((r) => r.role === 'gridLeader') && (
          <View className='entry entry-stats' onClick={go('/packages/admin/stats/index')}>
            <Text className='entry__icon'>统</Text>
            <Text className='entry__text'>网格统计</Text>
          </View>
        )}
        {me?.roles.some((r) => r.role === 'secretary') && (
          <View className='entry entry-lead' onClick={go('/packages/admin/lead/index')}>
            <Text className='entry__icon'>领</Text>
            <Text className='entry__text'>书记领办</Text>
          </View>
        )}
        <View className='entry entry-login' onClick={go('/pages/login/index')}>
          <Text className='entry__icon'>换</Text>
          <Text className='entry__text'>切换身份</Text>
        </View>
      </View>

      <View className='card'>
        <Text className='section-title'>打开联系卡</Text>
        <Text className='hint home__scan-hint'>在微信中可直接扫描联系卡二维码；也可以输入卡片上的编号。</Text>
        <Input
          className='input card-code-input'
          value={code}
          placeholder='输入联系卡编号'
          maxlength={32}
          onInput={(e) => setCode(e.detail.value)}
          onConfirm={openCard}
        />
        <FieldError message={codeError} />
        <View className='btn btn-primary open-card-btn' onClick={openCard}>
          <Text>打开联系卡</Text>
        </View>
      </View>

      <Text className='privacy-link home__privacy' onClick={() => void Taro.navigateTo({ url: '/pages/privacy/index' })}>
        个人信息保护政策
      </Text>
      <Text className='privacy-link home__mydata' onClick={() => void Taro.navigateTo({ url: '/pages/mydata/index' })}>
        我的个人信息
      </Text>
    </View>
  );
}

export default observer(Index);
