import { useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { observer } from 'mobx-react-lite';
import { ROLE_LABEL } from '../../core/labels';
import type { Role } from '../../core/types';
import { call } from '../../services/api';
import { session } from '../../stores/session';
import ErrorBox from '../../components/ErrorBox';
import { errorCode, errorText, readParam } from '../../components/lib';
import './index.css';

// Same rule as the server's InviteCodeInput; kept inline so the main package needs no admin schemas.
const CODE = /^[A-Z0-9]{8}$/;

/** Clearer words for the refusals a person can meet here. */
function refusal(e: unknown): string {
  const code = errorCode(e);
  const msg = errorText(e);
  if (code === 'NOT_FOUND') return msg || '邀请码不存在，请向社区管理员核对';
  return msg;
}

function InvitePage() {
  const params = useRouter().params;
  const code = readParam(params.scene || params.code).toUpperCase();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(code && !CODE.test(code) ? '邀请码格式不正确，请重新扫码或向社区管理员索取' : code ? '' : '缺少邀请码，请重新扫描邀请二维码');
  const [done, setDone] = useState<{ name: string; roles: Role[] } | null>(null);

  useLoad(() => {
    void session.ensure();
  });

  async function accept() {
    if (busy || !CODE.test(code)) return;
    setBusy(true);
    setError('');
    try {
      const res = await call('invite.accept', { code });
      await session.refresh();
      setDone({ name: res.name, roles: res.roles });
    } catch (e) {
      setError(refusal(e));
    } finally {
      setBusy(false);
    }
  }

  const me = session.me;
  const roleText = done ? [...new Set(done.roles.map((r) => ROLE_LABEL[r] ?? r))].join('、') : '';

  return (
    <View className='page invite'>
      {done ? (
        <View className='card invite__done invite-result'>
          <Text className='invite__check'>✓</Text>
          <Text className='invite__title'>
            已绑定为 {done.name}
            {roleText ? `（${roleText}）` : ''}
          </Text>
          <Text className='hint'>以后用这个微信打开“网格连心”，即可处理分配给您的事项。</Text>
          <View className='btn btn-primary invite-home-btn' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
            <Text>进入首页</Text>
          </View>
        </View>
      ) : (
        <View className='card invite__box'>
          <Text className='invite__title'>您收到一份社区邀请</Text>
          <Text className='hint'>确认后，当前微信将绑定为社区登记的干部身份，用于接收和处理居民反映的事项。</Text>
          {code && (
            <View className='invite__code-box'>
              <Text className='invite__code-label'>邀请码</Text>
              <Text className='invite__code invite-code-view'>{code}</Text>
            </View>
          )}
          {me?.person && (
            <Text className='hint invite__current'>
              当前微信已绑定：{me.person.name} · {me.person.title}。确认后将改为邀请中的身份。
            </Text>
          )}
          <ErrorBox message={error} />
          {CODE.test(code) && (
            <View className={`btn btn-primary invite-accept-btn ${busy ? 'btn--disabled' : ''}`} onClick={() => void accept()}>
              <Text>{busy ? '正在绑定…' : '确认绑定'}</Text>
            </View>
          )}
          <View className='btn btn-plain' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
            <Text>返回首页</Text>
          </View>
        </View>
      )}
    </View>
  );
}

export default observer(InvitePage);
