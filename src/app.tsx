import { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { platform } from './services/platform';
import { session } from './stores/session';
import './app.css';

export default function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    platform.init();
    void session.ensure();
  });
  return children;
}
