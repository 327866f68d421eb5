import { PropsWithChildren } from 'react';
import Taro, { useLaunch, usePageNotFound } from '@tarojs/taro';
import { platform } from './services/platform';
import { session } from './stores/session';
import './app.css';

export default function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    platform.init();
    void session.ensure();
  });
  // An unknown path (an old link, a typo) gets a page with a way home instead of a blank screen.
  usePageNotFound((res) => {
    void Taro.reLaunch({ url: `/pages/notfound/index?path=${encodeURIComponent(res.path)}` });
  });
  return children;
}
