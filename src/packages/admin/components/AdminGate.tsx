import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import { session } from '../../../stores/session';
import ErrorBox from '../../../components/ErrorBox';

/** Renders the page only for admins; everyone else gets a plain refusal and a way to sign in. */
function AdminGate({ children }: { children: () => ReactNode }) {
  const me = session.me;
  if (!me) {
    if (session.error) {
      return (
        <View className='page'>
          <ErrorBox message={session.error} />
          <View className='btn btn-plain' onClick={() => void session.refresh()}>
            <Text>重试</Text>
          </View>
        </View>
      );
    }
    return (
      <View className='page'>
        <Text className='loading'>加载中…</Text>
      </View>
    );
  }
  if (!me.isAdmin) {
    return (
      <View className='page'>
        <View className='card admin-denied'>
          <Text className='admin-denied__title'>您没有管理权限</Text>
          <Text className='hint'>社区管理页面仅对社区或街道管理员开放。如您是管理员，请切换到管理员身份登录。</Text>
          <View className='btn btn-primary admin-login-link' onClick={() => Taro.navigateTo({ url: '/pages/login/index' })}>
            <Text>去登录</Text>
          </View>
          <View className='btn btn-plain' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
            <Text>返回首页</Text>
          </View>
        </View>
      </View>
    );
  }
  return <>{children()}</>;
}

export default observer(AdminGate);

/** Runs `load` once the session is known to be an admin's. */
export async function whenAdmin(load: () => unknown): Promise<void> {
  const me = await session.ensure();
  if (me?.isAdmin) await load();
}
