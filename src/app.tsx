import { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { session } from './stores/session';
import './app.css';

export default function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') Taro.cloud.init({ traceUser: true });
    void session.ensure();
  });
  return children;
}
