import { useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import { platform } from '../../services/platform';
import { session } from '../../stores/session';
import { appStore } from '../../stores/app';
import DemoBanner from '../../components/DemoBanner';
import ErrorBox from '../../components/ErrorBox';
import { errorText } from '../../components/lib';
import './index.css';

function LoginPage() {
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');

  useLoad(() => {
    void appStore.loadDemo(true);
    void session.ensure();
  });

  async function pick(id: string) {
    if (busy) return;
    setBusy(id);
    setError('');
    try {
      await platform.signInAs(id);
      await session.refresh();
      Taro.reLaunch({ url: '/pages/index/index' });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy('');
    }
  }

  async function signOut() {
    if (busy) return;
    setBusy('out');
    setError('');
    try {
      await platform.signOut();
      session.clear();
      await session.refresh();
      Taro.reLaunch({ url: '/pages/index/index' });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy('');
    }
  }

  const me = session.me;

  return (
    <View className='page login'>
      {appStore.demo && <DemoBanner />}
      <View className='card'>
        <Text className='section-title'>当前身份</Text>
        <Text className='login__me'>
          {me?.person ? `${me.person.name} · ${me.person.title}` : me?.household ? `居民 · ${me.household.label}` : '居民（尚未确认住户）'}
        </Text>
      </View>

      <ErrorBox message={error || appStore.error} />

      {!appStore.loaded && !appStore.error ? (
        <Text className='loading'>加载中…</Text>
      ) : appStore.demo ? (
        <>
          <Text className='section-title login__pick'>选择演示账号</Text>
          <View className='persona-list'>
            {appStore.personas.map((p) => (
              <View
                key={p.id}
                className={`card persona ${busy === p.id ? 'persona--busy' : ''}`}
                data-persona={p.id}
                onClick={() => void pick(p.id)}
              >
                <View className='persona__main'>
                  <Text className='persona__label'>{p.label}</Text>
                  <Text className='persona__desc'>{p.description}</Text>
                </View>
                <Text className='persona__go'>{busy === p.id ? '登录中…' : '使用 ›'}</Text>
              </View>
            ))}
          </View>
        </>
      ) : (
        <View className='card login__closed'>
          <Text className='login__closed-text'>请在微信中打开，或使用社区发放的邀请链接</Text>
          <Text className='hint'>包保干部请使用社区管理员发放的邀请码绑定身份。</Text>
        </View>
      )}

      <View className={`btn btn-plain signout-btn ${busy ? 'btn--disabled' : ''}`} onClick={() => void signOut()}>
        <Text>{busy === 'out' ? '正在退出…' : '退出登录'}</Text>
      </View>
      <Text className='privacy-link' onClick={() => void Taro.navigateTo({ url: '/pages/privacy/index' })}>
        个人信息保护政策
      </Text>
    </View>
  );
}

export default observer(LoginPage);
